// A small tree exercising every notation the engine supports, with handlers that record calls.
import { CommandError } from '../../src/cli';
import type { CommandContext, Handler, ViewSource } from '../../src/cli';

export interface Rec {
  calls: Array<{ handler: string; args: Record<string, unknown>; keywords: string[]; undo: boolean; view: string }>;
}

const H = {
  display: 'Display current system information',
  undo: 'Cancel current setting',
  quit: 'Exit from current command view',
  return: 'Exit to User View',
};

export const FIXTURE: ViewSource[] = [
  {
    view: 'nav',
    abstract: true,
    keywords: H,
    commands: [
      { syntax: 'quit', level: 0, handler: 'quit' },
      { syntax: 'return', level: 0, handler: 'ret' },
    ],
  },
  {
    view: 'user',
    prompt: '<%sysname%>',
    helpHeader: 'User view commands:',
    keywords: H,
    commands: [
      { syntax: 'quit', level: 0, handler: 'quit' },
      { syntax: 'display version', level: 1, handler: 'rec', help: { version: 'Version information' } },
      { syntax: 'display vlan [ id:INTEGER<1-4094> ]', level: 1, handler: 'rec', help: { vlan: 'VLAN information', id: 'VLAN ID' } },
      { syntax: 'display users [ all ]', level: 1, handler: 'rec', help: { users: 'User information', all: 'All user interfaces' } },
      { syntax: 'display lines count:INTEGER<1-200>', level: 1, handler: 'lines', filter: true, help: { lines: 'Numbered lines', count: 'How many' } },
      { syntax: 'delete name:STRING<1-20>', level: 3, handler: 'rec', help: { delete: 'Delete a file', name: 'File name' } },
      { syntax: 'dir', level: 0, handler: 'rec', help: { dir: 'List files' } },
      {
        syntax: 'debugging { all | module:STRING<1-10> }',
        level: 2,
        handler: 'rec',
        help: { debugging: 'Enable debugging', all: 'All modules', module: 'Module name' },
      },
      { syntax: 'ping host:X.X.X.X', level: 0, handler: 'rec', help: { ping: 'Ping a host', host: 'IP address' } },
      {
        syntax: 'header { login | motd } text:TEXT',
        level: 2,
        handler: 'rec',
        help: { header: 'Banner', login: 'Login banner', motd: 'Message of the day', text: 'Banner text' },
        undo: { syntax: 'undo header { login | motd }' },
      },
      {
        syntax: 'service-type { ssh | telnet | terminal }*',
        level: 0,
        handler: 'rec',
        help: { 'service-type': 'Service types', ssh: 'SSH', telnet: 'Telnet', terminal: 'Console' },
      },
      { syntax: 'terminal monitor', level: 1, handler: 'rec', help: { terminal: 'Terminal', monitor: 'Log output' }, undo: 'derived' },
      { syntax: 'system-view', level: 2, handler: 'rec', help: { 'system-view': 'Enter the System View' }, enters: { view: 'system' } },
      { syntax: 'ask', level: 0, handler: 'ask', help: { ask: 'Ask questions' } },
      { syntax: 'slow', level: 0, handler: 'slow', help: { slow: 'Take a while' } },
      { syntax: 'fail', level: 0, handler: 'fail', help: { fail: 'Fail semantically' } },
      { syntax: 'setlevel level:INTEGER<0-3>', level: 0, handler: 'setlevel', help: { setlevel: 'Set level', level: 'Level' } },
    ],
  },
  {
    view: 'system',
    parent: 'user',
    prompt: '[%sysname%]',
    helpHeader: 'System view commands:',
    include: ['nav'],
    keywords: H,
    commands: [
      {
        syntax: 'local-user name:STRING<1-15>',
        level: 3,
        handler: 'rec',
        help: { 'local-user': 'Local user', name: 'User name' },
        enters: { view: 'luser', prompt: '[%sysname%-luser-%name%]' },
      },
      {
        syntax: 'user-interface vty first:INTEGER<0-4> [ last:INTEGER<0-4> ]',
        level: 3,
        handler: 'rec',
        help: { 'user-interface': 'User interface', vty: 'VTY', first: 'First', last: 'Last' },
        enters: { view: 'ui', prompt: '[%sysname%-ui-vty%first%%-last%]' },
      },
      { syntax: 'sysname name:STRING<1-30>', level: 2, handler: 'sysname', help: { sysname: 'Host name', name: 'Name' } },
      {
        syntax: 'public-key peer name:STRING<1-30>',
        level: 3,
        handler: 'rec',
        help: { 'public-key': 'Public key', peer: 'Peer key', name: 'Key name' },
        enters: { view: 'pkey', prompt: '[%sysname%-pkey-public-key]' },
      },
    ],
  },
  {
    // Like the V5 public-key views: no quit/return; left with `peer-public-key end`.
    view: 'pkey',
    parent: 'system',
    prompt: '[%sysname%-pkey-public-key]',
    helpHeader: 'Public key view commands:',
    fallthrough: 'system',
    commands: [
      {
        syntax: 'peer-public-key end',
        level: 3,
        handler: 'quit',
        help: { 'peer-public-key': 'Peer public key', end: 'End public key view' },
      },
    ],
  },
  {
    view: 'luser',
    parent: 'system',
    prompt: '[%sysname%-luser]',
    helpHeader: 'Local-user view commands:',
    include: ['nav'],
    fallthrough: 'system',
    keywords: H,
    commands: [
      {
        syntax: 'password { simple | cipher } pw:STRING<1-63>',
        level: 3,
        handler: 'rec',
        secret: true,
        help: { password: 'Password', simple: 'Plain', cipher: 'Cipher', pw: 'The password' },
      },
    ],
  },
  {
    view: 'ui',
    parent: 'system',
    prompt: '[%sysname%-ui]',
    helpHeader: 'User-interface view commands:',
    include: ['nav'],
    fallthrough: 'system',
    commands: [],
  },
];

export function fixtureHandlers(rec: Rec): Record<string, Handler<Rec>> {
  const log = (ctx: CommandContext<Rec>, handler: string) =>
    rec.calls.push({ handler, args: { ...ctx.args }, keywords: [...ctx.keywords], undo: ctx.undo, view: ctx.view.name });
  return {
    quit: (ctx) => ctx.exitView(),
    ret: (ctx) => ctx.returnToUser(),
    rec: (ctx) => void log(ctx, 'rec'),
    sysname: (ctx) => ctx.setVar('sysname', String(ctx.args.name)),
    lines: (ctx) => {
      for (let i = 1; i <= Number(ctx.args.count); i++) ctx.io.print(`line ${i}`);
    },
    ask: async (ctx) => {
      const a = await ctx.io.ask('Name:');
      const b = await ctx.io.ask(' Password:', { echo: false });
      const yes = await ctx.io.confirm('Continue?');
      ctx.io.print(`got ${a}/${b.length}/${yes}`);
    },
    slow: async (ctx) => {
      await new Promise((r) => setTimeout(r, 60));
      ctx.io.print(ctx.signal.aborted ? 'stopped' : 'slow done');
      log(ctx, 'slow');
    },
    fail: () => {
      throw new CommandError("% Such file or path doesn't exist.");
    },
    setlevel: (ctx) => ctx.session.setLevel(Number(ctx.args.level)),
  };
}
