// cli-tree/*.yaml against its JSON Schema, and the compiled tree's own consistency checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { compileTree, readSources, TreeError, ViewSource } from '../../src/cli';

const ROOT = path.resolve(__dirname, '../../../..');
const DIR = path.join(ROOT, 'cli-tree');

test('every cli-tree file satisfies cli-tree/schema.json', () => {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(DIR, 'schema.json'), 'utf8')));
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.includes('user.yaml') && files.includes('system.yaml'));
  for (const f of files) {
    const ok = validate(YAML.parse(fs.readFileSync(path.join(DIR, f), 'utf8')));
    assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('the tree compiles: every token has help, every view it names exists', () => {
  const tree = compileTree(readSources(DIR));
  assert.deepEqual([...tree.views.keys()].sort(), ['acl-basic', 'isp', 'luser', 'pkey-key-code', 'pkey-public-key', 'radius', 'sftp-client', 'system', 'ui-aux', 'ui-vty', 'user']);
  assert.equal(tree.views.get('user')!.helpHeader, 'User view commands:');
  assert.equal(tree.views.get('system')!.helpHeader, 'System view commands:');
  assert.equal(tree.views.get('system')!.parent, 'user');
});

test('the JSON cache is used when fresh and rebuilt when a file changes', () => {
  const cache = path.join(ROOT, 'build', `cli-tree.test-${process.pid}.json`);
  try {
    const a = readSources(DIR, cache);
    assert.ok(fs.existsSync(cache));
    const stamp = JSON.parse(fs.readFileSync(cache, 'utf8')).stamp as string;
    assert.deepEqual(readSources(DIR, cache), a);
    fs.writeFileSync(cache, JSON.stringify({ stamp, sources: [] }));
    assert.deepEqual(readSources(DIR, cache), [], 'a fresh cache is trusted');
    fs.writeFileSync(cache, JSON.stringify({ stamp: 'old', sources: [] }));
    assert.deepEqual(readSources(DIR, cache), a, 'a stale cache is replaced');
  } finally {
    fs.rmSync(cache, { force: true });
  }
});

const view = (commands: ViewSource['commands'], extra: Partial<ViewSource> = {}): ViewSource[] => [
  { view: 'user', prompt: '<%sysname%>', helpHeader: 'User view commands:', commands, ...extra },
];

test('tree errors name the file and the problem', () => {
  const cases: Array<[ViewSource[], RegExp]> = [
    [view([{ syntax: 'foo', level: 0, handler: 'h' }]), /no help for 'foo'/],
    [view([{ syntax: 'foo { a | b', level: 0, handler: 'h', help: { foo: 'x', a: 'a', b: 'b' } }]), /missing '}'/],
    [view([{ syntax: 'foo n:FLOAT', level: 0, handler: 'h', help: { foo: 'x', n: 'n' } }]), /unknown parameter type/],
    [view([{ syntax: 'foo', level: 0, handler: 'h', help: { foo: 'x' }, enters: { view: 'nowhere' } }]), /unknown view 'nowhere'/],
    [view([], { include: ['nothing'] }), /unknown group/],
    [[...view([]), ...view([])], /defined twice/],
  ];
  for (const [src, re] of cases) assert.throws(() => compileTree(src), (e: unknown) => e instanceof TreeError && re.test(e.message));
});
