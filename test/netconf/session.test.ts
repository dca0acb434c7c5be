// The NETCONF engine against an in-memory device: hello and framing, rpc-error shapes, rights,
// edit-config semantics, locks, filters, the vendor operations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, HP_CONFIG, HP_DATA, memoryHost, Peer, unframe } from './fixture';

const H3C_CONFIG = 'http://www.h3c.com/netconf/config:1.0';
const edit = (inner: string, extra = '', ns = HP_CONFIG) =>
  `<edit-config><target><running/></target>${extra}<config><top xmlns="${ns}">${inner}</top></config></edit-config>`;
const errorTag = (xml: string) => /<error-tag>([^<]*)<\/error-tag>/.exec(xml)?.[1];
const errorType = (xml: string) => /<error-type>([^<]*)<\/error-type>/.exec(xml)?.[1];

async function ready(opts: Parameters<typeof memoryHost>[0] = {}) {
  const host = memoryHost(opts);
  const peer = new Peer(host);
  await peer.hello();
  return { host, peer };
}

test('the server hello offers base:1.0 and 1.1 and the session id, end-of-message framed', () => {
  const peer = new Peer(memoryHost({ id: 42 }));
  const hello = unframe(peer.out, 'eom');
  assert.ok(peer.out.toString().endsWith(']]>]]>'));
  for (const cap of ['urn:ietf:params:netconf:base:1.0', 'urn:ietf:params:netconf:base:1.1', 'urn:hp:params:netconf:capability:hp-netconf-ext:1.0']) {
    assert.ok(hello.includes(`<capability>${cap}</capability>`), cap);
  }
  assert.match(hello, /<session-id>42<\/session-id>/);
});

test('framing follows the client hello: base:1.0 only stays end-of-message, base:1.1 goes chunked', async () => {
  const host = memoryHost();
  const old = new Peer(host);
  await old.hello(['urn:ietf:params:netconf:base:1.0']);
  await old.rpc('<get/>');
  assert.ok(old.out.toString().endsWith(']]>]]>'));
  const { peer } = await ready();
  await peer.rpc('<get/>');
  assert.match(peer.out.toString(), /^\n#\d+\n/);
  assert.ok(peer.out.toString().endsWith('\n##\n'));
});

test('a bad hello ends the session: not a hello, a session-id, no common base', async () => {
  for (const msg of [
    `<rpc message-id="1" xmlns="${BASE}"><get/></rpc>`,
    `<hello xmlns="${BASE}"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities><session-id>3</session-id></hello>`,
    `<hello xmlns="${BASE}"><capabilities><capability>urn:x</capability></capabilities></hello>`,
    '<hello',
  ]) {
    const peer = new Peer(memoryHost());
    await peer.session.feed(Buffer.from(msg + ']]>]]>'));
    assert.ok(peer.closed, msg);
  }
});

test('message-id and the other rpc attributes come back on rpc-reply', async () => {
  const { peer } = await ready();
  const r = await peer.send(`<nc:rpc xmlns:nc="${BASE}" nc:message-id="x" message-id="7&amp;8" xmlns:my="urn:my" my:tag="t"><nc:get/></nc:rpc>`);
  assert.match(r, /<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"[^>]* message-id="7&amp;8"/);
  assert.match(r, /my:tag="t"/);
  assert.match(r, /xmlns:my="urn:my"/);
});

test('malformed XML gets rpc/malformed-message and the session goes on', async () => {
  const { peer } = await ready();
  for (const bad of ['<rpc message-id="1"', '<<<', `<rpc xmlns="${BASE}" message-id="1"><get></rpc>`, '<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'random \x00 bytes']) {
    const r = await peer.send(bad);
    assert.equal(errorTag(r), 'malformed-message', bad);
    assert.equal(errorType(r), 'rpc');
    assert.doesNotMatch(r, /message-id/);
  }
  assert.match(await peer.rpc('<get/>'), /<HostName>WX3000<\/HostName>/);
  assert.equal(peer.closed, undefined);
});

test('nesting deeper than the limit is malformed, not a crash', async () => {
  const { peer } = await ready();
  const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
  assert.equal(errorTag(await peer.rpc(`<get><filter>${deep}</filter></get>`)), 'malformed-message');
});

test('missing message-id, unknown operations, wrong namespaces', async () => {
  const { peer } = await ready();
  let r = await peer.send(`<rpc xmlns="${BASE}"><get/></rpc>`);
  assert.equal(errorTag(r), 'missing-attribute');
  assert.match(r, /<bad-attribute>message-id<\/bad-attribute>/);
  r = await peer.rpc('<frobnicate/>');
  assert.equal(errorTag(r), 'operation-not-supported');
  assert.equal(errorType(r), 'protocol');
  assert.match(r, /message-id="101"/);
  r = await peer.send(`<rpc message-id="1" xmlns="urn:other"><get/></rpc>`);
  assert.equal(errorTag(r), 'unknown-element');
  r = await peer.rpc('<get-config><source><candidate/></source></get-config>');
  assert.equal(errorTag(r), 'invalid-value');
});

test('get and get-config with subtree filters; get-config omits state and defaults', async () => {
  const { peer, host } = await ready();
  let r = await peer.rpc(`<get><filter type="subtree"><top xmlns="${HP_DATA}"><Device><Base><HostName/></Base></Device></top></filter></get>`);
  assert.match(r, new RegExp(`<data><top xmlns="${HP_DATA}"><Device><Base><HostName>WX3000</HostName></Base></Device></top></data>`));
  r = await peer.rpc(`<get-config><source><running/></source></get-config>`);
  assert.doesNotMatch(r, /LocalTime|Uptime|<SSH>/);
  assert.match(r, /<User><Name>admin<\/Name>/);
  host.tablesMem.localUsers.rows.push({ Name: 'bob', Level: '1', ServiceType: 'ssh', State: 'active' });
  // Content match on the key selects one row; the sibling selects one field.
  r = await peer.rpc(`<get><filter><top xmlns="${HP_DATA}"><LocalUser><Users><User><Name>bob</Name><Level/></User></Users></LocalUser></top></filter></get>`);
  assert.match(r, /<User><Name>bob<\/Name><Level>1<\/Level><\/User><\/Users>/);
  assert.doesNotMatch(r, /admin/);
  r = await peer.rpc(`<get><filter><top xmlns="${HP_DATA}"><LocalUser><Users><User><Name>nobody</Name></User></Users></LocalUser></top></filter></get>`);
  assert.match(r, /<data\/>/);
  r = await peer.rpc(`<get><filter type="xpath" select="/top"/></get>`);
  assert.equal(errorTag(r), 'bad-attribute');
  r = await peer.rpc(`<get><filter><top xmlns="urn:unknown"/></filter></get>`);
  assert.equal(errorTag(r), 'unknown-namespace');
});

test('the reply uses the vendor namespace of the request', async () => {
  const { peer } = await ready();
  const r = await peer.rpc(`<get-config><source><running/></source><filter><top xmlns="${H3C_CONFIG}"><LocalUser/></top></filter></get-config>`);
  assert.match(r, new RegExp(`<top xmlns="${H3C_CONFIG}"><LocalUser><Users><User><Name>admin`));
});

test('edit-config: merge, create (data-exists), delete (data-missing), remove, field delete, replace', async () => {
  const { peer, host } = await ready();
  const users = host.tablesMem.localUsers.rows;
  assert.match(await peer.rpc(edit('<Device><Base><HostName>SW1</HostName></Base></Device>')), /<ok\/>/);
  assert.equal(host.tablesMem.deviceBase.rows[0].HostName, 'SW1');
  assert.match(await peer.rpc(edit(`<LocalUser><Users><User xmlns:nc="${BASE}" nc:operation="create"><Name>bob</Name><Password>pw-Secret-1</Password><Level>1</Level></User></Users></LocalUser>`)), /<ok\/>/);
  assert.equal(users.find((u) => u.Name === 'bob')?.Level, '1');
  assert.ok(host.audits.some((a) => a.includes('Password=******')) && !host.audits.some((a) => a.includes('pw-Secret-1')), 'secrets never reach the audit');
  assert.equal(errorTag(await peer.rpc(edit(`<LocalUser><Users><User xmlns:nc="${BASE}" nc:operation="create"><Name>bob</Name></User></Users></LocalUser>`))), 'data-exists');
  assert.match(await peer.rpc(edit(`<LocalUser><Users><User><Name>bob</Name><Level xmlns:nc="${BASE}" nc:operation="delete"/></User></Users></LocalUser>`)), /<ok\/>/);
  assert.equal(users.find((u) => u.Name === 'bob')?.Level, '0');
  assert.match(await peer.rpc(edit(`<LocalUser><Users><User><Name>bob</Name><ServiceType>ssh</ServiceType><Level>2</Level></User></Users></LocalUser>`, '<default-operation>replace</default-operation>')), /<ok\/>/);
  assert.deepEqual(users.find((u) => u.Name === 'bob'), { Name: 'bob', Level: '2', ServiceType: 'ssh', State: 'active', Password: 'pw-Secret-1' });
  assert.match(await peer.rpc(edit(`<LocalUser><Users xmlns:nc="${BASE}" nc:operation="delete"><User><Name>bob</Name></User></Users></LocalUser>`)), /<ok\/>/);
  assert.ok(!users.some((u) => u.Name === 'bob'));
  assert.equal(errorTag(await peer.rpc(edit(`<LocalUser><Users><User xmlns:nc="${BASE}" nc:operation="delete"><Name>bob</Name></User></Users></LocalUser>`))), 'data-missing');
  assert.match(await peer.rpc(edit(`<LocalUser><Users><User xmlns:nc="${BASE}" nc:operation="remove"><Name>bob</Name></User></Users></LocalUser>`)), /<ok\/>/);
  assert.match(await peer.rpc(edit(`<Device><Base xmlns:nc="${BASE}" nc:operation="delete"/></Device>`)), /<ok\/>/);
  assert.equal(host.tablesMem.deviceBase.rows[0].HostName, 'WX3000');
});

test('edit-config rejects bad values, unknown elements, state data and bad options before changing anything', async () => {
  const { peer, host } = await ready();
  const cases: Array<[string, string, string?]> = [
    [edit('<Device><Base><HostName>bad name!</HostName></Base></Device>'), 'invalid-value'],
    [edit('<Device><Base><HostName>ok</HostName><Colour>red</Colour></Base></Device>'), 'unknown-element'],
    [edit('<Gadgets/>'), 'unknown-element'],
    [edit('<Device><Base><Uptime>5</Uptime></Base></Device>'), 'invalid-value'],
    [edit('<LocalUser><Users><User><Level>1</Level></User></Users></LocalUser>'), 'missing-element'],
    [edit('<LocalUser><Users><User><Name>x</Name><Level>9</Level></User></Users></LocalUser>'), 'invalid-value'],
    [edit(`<Device><Base xmlns:nc="${BASE}" nc:operation="explode"/></Device>`), 'bad-attribute'],
    [edit('', '<test-option>maybe</test-option>'), 'invalid-value'],
    [edit('<Device/>', '', 'urn:nowhere'), 'unknown-namespace'],
    ['<edit-config><target><running/></target><url>file://x</url></edit-config>', 'operation-not-supported'],
  ];
  for (const [body, tag] of cases) assert.equal(errorTag(await peer.rpc(body)), tag, body);
  assert.equal(host.tablesMem.deviceBase.rows[0].HostName, 'WX3000');
  assert.equal(host.audits.length, 0);
});

test('test-only changes nothing; error-option stop, continue and rollback', async () => {
  const { peer, host } = await ready();
  const users = host.tablesMem.localUsers.rows;
  assert.match(await peer.rpc(edit('<Device><Base><HostName>T1</HostName></Base></Device>', '<test-option>test-only</test-option>')), /<ok\/>/);
  assert.equal(host.tablesMem.deviceBase.rows[0].HostName, 'WX3000');
  // The second row fails in the device service (a reserved name).
  const two = '<LocalUser><Users><User><Name>u1</Name></User><User><Name>forbidden</Name></User><User><Name>u3</Name></User></Users></LocalUser>';
  let r = await peer.rpc(edit(two));
  assert.equal(errorTag(r), 'operation-failed');
  assert.match(r, /reserved/);
  assert.deepEqual(users.map((u) => u.Name), ['admin', 'u1']);
  r = await peer.rpc(edit(two.replace('u1', 'c1').replace('u3', 'c3'), '<error-option>continue-on-error</error-option>'));
  assert.equal(errorTag(r), 'operation-failed');
  assert.deepEqual(users.map((u) => u.Name), ['admin', 'u1', 'c1', 'c3']);
  r = await peer.rpc(edit(two.replace('u1', 'r1').replace('u3', 'r3'), '<error-option>rollback-on-error</error-option>'));
  assert.equal(errorTag(r), 'operation-failed');
  assert.deepEqual(users.map((u) => u.Name), ['admin', 'u1', 'c1', 'c3']);
  assert.ok(host.audits.includes('edit-config rolled back'));
});

test('levels 1-2 read and close; everything else is access-denied', async () => {
  const { peer, host } = await ready({ level: 1 });
  assert.match(await peer.rpc('<get/>'), /<HostName>/);
  assert.match(await peer.rpc('<get-config><source><running/></source></get-config>'), /<data>/);
  assert.match(await peer.rpc('<get-sessions/>'), /<SessionID>1<\/SessionID>/);
  for (const body of [edit('<Device><Base><HostName>X</HostName></Base></Device>'), '<lock><target><running/></target></lock>', '<CLI><Execution>display version</Execution></CLI>', '<save/>', '<kill-session><session-id>7</session-id></kill-session>']) {
    const r = await peer.rpc(body);
    assert.equal(errorTag(r), 'access-denied', body);
  }
  assert.equal(host.tablesMem.deviceBase.rows[0].HostName, 'WX3000');
  assert.deepEqual(host.cliRuns, []);
  assert.match(await peer.rpc('<close-session/>'), /<ok\/>/);
  assert.equal(peer.closed, 'close-session');
});

test('lock: a second session gets lock-denied for lock and edit-config; unlock by a non-holder fails', async () => {
  const lockRef = {};
  const a = await ready({ id: 1, lockRef });
  const b = await ready({ id: 2, lockRef });
  assert.match(await a.peer.rpc('<lock><target><running/></target></lock>'), /<ok\/>/);
  let r = await b.peer.rpc('<lock><target><running/></target></lock>');
  assert.equal(errorTag(r), 'lock-denied');
  assert.match(r, /<session-id>1<\/session-id>/);
  r = await b.peer.rpc(edit('<Device><Base><HostName>B</HostName></Base></Device>'));
  assert.equal(errorTag(r), 'lock-denied');
  assert.equal(errorTag(await b.peer.rpc('<CLI><Configuration>sysname B</Configuration></CLI>')), 'lock-denied');
  r = await b.peer.rpc('<unlock><target><running/></target></unlock>');
  assert.equal(errorTag(r), 'operation-failed');
  assert.match(r, /Unlock Failed/);
  assert.match(await a.peer.rpc(edit('<Device><Base><HostName>A</HostName></Base></Device>')), /<ok\/>/);
  assert.match(await a.peer.rpc('<unlock><target><running/></target></unlock>'), /<ok\/>/);
  assert.match(await b.peer.rpc(edit('<Device><Base><HostName>B</HostName></Base></Device>')), /<ok\/>/);
});

test('kill-session and get-sessions', async () => {
  const { peer, host } = await ready({ id: 3 });
  assert.match(await peer.rpc('<kill-session><session-id>7</session-id></kill-session>'), /<ok\/>/);
  assert.deepEqual(host.killed, [7]);
  assert.equal(errorTag(await peer.rpc('<kill-session><session-id>3</session-id></kill-session>')), 'invalid-value');
  assert.equal(errorTag(await peer.rpc('<kill-session><session-id>99</session-id></kill-session>')), 'invalid-value');
  assert.equal(errorTag(await peer.rpc('<kill-session/>')), 'missing-element');
  const r = await peer.rpc('<get-sessions/>');
  assert.match(r, /<get-sessions><Session><SessionID>3<\/SessionID><Line>127.0.0.1:5000<\/Line><UserName>admin<\/UserName><Since>[^<]+<\/Since><LockHeld>false<\/LockHeld><\/Session><\/get-sessions>/);
});

test('CLI Execution and Configuration answer in CDATA (a ]]> inside survives); save', async () => {
  const { peer, host } = await ready();
  let r = await peer.rpc('<CLI><Execution>\n  display version\n  display clock\n</Execution></CLI>');
  assert.match(r, /<CLI><Execution><!\[CDATA\[output of display version; display clock \]\]\]\]><!\[CDATA\[> end\n\]\]><\/Execution><\/CLI>/);
  r = await peer.rpc('<CLI xmlns="http://www.hp.com/netconf/action:1.0"><Configuration exec-use-channel="false">sysname X</Configuration></CLI>');
  assert.match(r, /<CLI xmlns="http:\/\/www.hp.com\/netconf\/action:1.0"><Configuration><!\[CDATA\[/);
  assert.deepEqual(host.cliRuns.slice(0, 2), [
    { view: 'user', lines: ['display version', 'display clock'] },
    { view: 'system', lines: ['sysname X'] },
  ]);
  assert.match(await peer.rpc('<save><file>startup.cfg</file></save>'), /<ok\/>/);
  assert.equal(errorTag(await peer.rpc('<save><file>other.cfg</file></save>')), 'invalid-value');
});

test('an oversize message gets rpc/too-big and the session goes on', async () => {
  const host = memoryHost();
  const peer = new Peer(host, 1000);
  await peer.hello();
  const r = await peer.rpc(`<get><filter>${'<x/>'.repeat(1000)}</filter></get>`);
  assert.equal(errorTag(r), 'too-big');
  assert.match(await peer.rpc('<get/>'), /<HostName>/);
});

test('a broken chunk header is answered with malformed-message and ends the session', async () => {
  const { peer } = await ready();
  await peer.session.feed(Buffer.from('\n#abc\n'));
  assert.match(peer.out.toString(), /malformed-message/);
  assert.equal(peer.closed, 'framing error');
});
