// Live sessions (§6): `display users`, `display user-interface`, `free user-interface`, `send`.
// They come from the daemon over the control socket; an offline console knows only itself.
import { CommandError } from '../cli';
import type { SessionInfo } from '../common/control-protocol';
import type { Ctx } from './services';
import { two } from '../common/digits';

/** `user-interface vty 0 4`, as the daemon's registry has them. */
const VTY_COUNT = 5;

function hms(seconds: number): string {
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** `aux 0` → `AUX 0`, `vty 1` → `VTY 1`; absolute index: AUX 0 = 0, VTY n = n + 1 (V3). */
const label = (ui: string) => ui.toUpperCase();
const absIndex = (ui: string) => (ui.startsWith('vty') ? Number(ui.split(' ')[1]) + 1 : 0);
/** NETCONF sessions have no user interface of their own: listed after the vtys, index `-`. */
const isNetconf = (ui: string) => ui.startsWith('netconf ');
const sortKey = (ui: string) => (isNetconf(ui) ? 1000 + Number(ui.split(' ')[1]) : absIndex(ui));

async function liveSessions(ctx: Ctx): Promise<SessionInfo[]> {
  const live = ctx.services.sessions?.connected ? await ctx.services.sessions.users() : [];
  if (live.some((s) => s.self)) return live;
  // Without the daemon (or on a console it does not list) the asking session still shows itself.
  const own: SessionInfo = {
    ui: ctx.session.userInterface,
    user: ctx.session.userName,
    address: '',
    port: 0,
    level: ctx.session.level,
    loginAt: Date.now(),
    idleSeconds: 0,
    type: ctx.session.userInterface.startsWith('vty') ? 'SSH' : '',
    cipher: '',
    state: 'Established',
    retries: 0,
    self: true,
  };
  return [own, ...live.filter((s) => s.ui !== own.ui)];
}

function allInterfaces(): string[] {
  return ['aux 0', ...Array.from({ length: VTY_COUNT }, (_, i) => `vty ${i}`)];
}

export async function displayUsers(ctx: Ctx): Promise<void> {
  const live = (await liveSessions(ctx)).sort((a, b) => sortKey(a.ui) - sortKey(b.ui));
  const uis = ctx.keywords.has('all') ? allInterfaces() : live.map((s) => s.ui);
  const out = ['The user application information of the user interface(s):', '  Idx UI      Delay    Type Userlevel'];
  for (const ui of uis) {
    const s = live.find((x) => x.ui === ui);
    const mark = s?.self ? '+' : ' ';
    const cols = s ? `${hms(s.idleSeconds)} ${s.type.padEnd(4)} ${s.level}` : '';
    const idx = isNetconf(ui) ? '-' : String(absIndex(ui));
    out.push(`${mark} ${idx.padEnd(3)} ${label(ui).padEnd(7)} ${cols}`.trimEnd());
  }
  out.push('', 'Following are more details.');
  for (const s of live) {
    out.push(`${label(s.ui).padEnd(8)}:`, `        User name: ${s.user || '-'}`);
    if (s.address) out.push(`        Location: ${s.address}`);
    // An outgoing connection the session has open (ssh2, sftp) is what it is doing now.
    if (s.outgoing) out.push(`        State: ${s.outgoing}`);
  }
  out.push(' +    : Current operation user.', ' F    : Current operation user work in async mode.');
  ctx.io.print(out.join('\n'));
}

export async function displayUserInterface(ctx: Ctx): Promise<void> {
  const live = (await liveSessions(ctx)).filter((s) => !isNetconf(s.ui));
  const s = await (await ctx.services.device.settings()).all();
  if (ctx.keywords.has('summary')) {
    const used = (ui: string) => (live.some((x) => x.ui === ui) ? 'X' : 'U');
    const vtys = allInterfaces().slice(1);
    ctx.io.print(
      [
        'User interface type : [AUX]',
        `   0:${used('aux 0')}`,
        'User interface type : [VTY]',
        `   1:${vtys.map(used).join('')}`,
        '',
        ` ${live.length} character 'X': Used.`,
        ` ${allInterfaces().length - live.length} character 'U': Unused.`,
      ].join('\n'),
    );
    return;
  }
  const auth = (mode: string) => (mode === 'scheme' ? 'A' : mode === 'password' ? 'P' : 'N');
  const out = ['  Idx  Type     Tx/Rx      Modem Privi Auth  Int'];
  for (const ui of allInterfaces()) {
    const aux = ui === 'aux 0';
    const mark = live.some((x) => x.ui === ui && x.self) ? '+' : live.some((x) => x.ui === ui) ? 'F' : ' ';
    const privi = aux ? s['ui.aux.privilege-level'] : s['ui.vty.privilege-level'];
    const mode = aux ? s['ui.aux.authentication-mode'] : s['ui.vty.authentication-mode'];
    out.push(`${mark} ${String(absIndex(ui)).padEnd(4)} ${label(ui).padEnd(8)} ${(aux ? '9600' : '').padEnd(10)} -     ${String(privi).padEnd(5)} ${auth(mode).padEnd(5)} -`);
  }
  out.push(
    '  +    : Current user-interface is active.',
    '  F    : Current user-interface is active and work in async mode.',
    '  Idx  : Absolute index of user-interface.',
    '  Type : Type and relative index of user-interface.',
    '  Privi: The privilege of user-interface.',
    '  Auth : The authentication mode of user-interface.',
    '  Int  : The physical location of UIs.',
    '  A    : Authentication use AAA.',
    '  N    : Current UI need not authentication.',
    '  P    : Authentication use current UI\'s password.',
  );
  ctx.io.print(out.join('\n'));
}

export async function freeUserInterface(ctx: Ctx): Promise<void> {
  const ui = `vty ${Number(ctx.args.first)}`;
  if (ui === ctx.session.userInterface) throw new CommandError('% The current user interface cannot be freed.');
  const sessions = ctx.services.sessions;
  if (!sessions?.connected || !(await sessions.users()).some((s) => s.ui === ui)) {
    throw new CommandError(`% No user is logged in on user-interface ${ui.replace(' ', '')}.`);
  }
  if (!(await ctx.io.confirm(`Are you sure to free user-interface ${ui.replace(' ', '')}?`))) return;
  await sessions.free(ui).catch((err: Error) => {
    throw new CommandError(`% ${err.message}.`);
  });
  ctx.io.print('[OK]');
}

export async function sendMessage(ctx: Ctx): Promise<void> {
  const target = ctx.keywords.has('all') ? 'all' : `vty ${Number(ctx.args.first)}`;
  const sessions = ctx.services.sessions;
  if (!sessions?.connected) throw new CommandError('% No user interface can receive the message.');
  const text = await ctx.io.ask('Input message, end with CTRL+Z or Enter, abort with CTRL+C:');
  if (text.trim() === '') return;
  await sessions.send(target, text).catch((err: Error) => {
    throw new CommandError(`% ${err.message}.`);
  });
}
