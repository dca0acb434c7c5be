// The CLI process of one SSH session, started by the daemon under a pty (or pipes for exec) before
// anyone logs in: it loads the engine and the tree, says hello on the control socket, and waits to be
// bound to a user. Identity arrives only over the socket, never in argv or the environment.
import { parseArgs, flagString } from '../common/args';
import type { BindInfo, Push } from '../common/control-protocol';
import { Device } from '../device';
import { messageBanner, SessionDirectory } from '../device/sessions';
import { cliTree, openCliSession } from '../commands/host';
import { makeRaw } from '../common/tty';
import { forcedPasswordChange } from './password-change';
import { radiusWarnings, superCheck } from '../auth/super-check';
import { outgoingSsh } from './ssh-client';
import { countWrites, EchoAheadCli } from './echo-ahead-cli';

type LiveLogRecord = Extract<Push, { op: 'log' }>['record'];

async function main(): Promise<number> {
  // Every byte this process puts on the pty, for echo ahead's offers (the daemon counts what it reads).
  let written = 0;
  countWrites(process.stdout, (n) => (written += n));
  countWrites(process.stderr, (n) => (written += n));
  const args = parseArgs(process.argv.slice(2), { values: ['data-dir', 'control'] });
  const device = new Device(flagString(args, 'data-dir') ?? '.');
  const controlPath = flagString(args, 'control') ?? device.paths.controlSocket;
  let bound: (b: BindInfo) => void = () => undefined;
  const bindInfo = new Promise<BindInfo>((resolve) => (bound = resolve));
  let onMessage: (from: string, text: string) => void = () => undefined;
  let onLevel: (level: number, text: string) => void = () => undefined;
  let onLog: (record: LiveLogRecord) => void = () => undefined;
  let onSysname: (name: string) => void = () => undefined;
  const sessions = new SessionDirectory(
    (msg: Push) => {
      if (msg.op === 'bind') bound(msg.bind);
      else if (msg.op === 'message') onMessage(msg.from, msg.text);
      else if (msg.op === 'level') onLevel(msg.level, msg.text);
      else if (msg.op === 'log') onLog(msg.record);
      else if (msg.op === 'sysname') onSysname(msg.name);
    },
    // The daemon is gone: a session without it must not linger.
    () => process.exit(0),
  );
  // Raw from the start: type-ahead before the bind must not be echoed by the pty's line discipline.
  makeRaw(process.stdin);
  // Warm up while nobody waits: the tree, and a throwaway session drawn into nothing, so the first
  // real prompt runs code that has run before. The database opens when a command first needs it.
  cliTree();
  (await openCliSession({ device, sysname: '', session: { userName: '', level: 0, userInterface: 'vty 0', interactive: true }, write: () => undefined })).start();
  await sessions.connect(controlPath);
  process.on('SIGHUP', () => process.exit(0));
  // The pty or pipe is gone with the session: end quietly, never with a stack trace.
  process.stdout.on('error', () => process.exit(0));

  const bind = await bindInfo;
  const stdin = process.stdin;
  const stdout = process.stdout;
  const interactive = bind.mode === 'shell';

  let readBefore = 0;
  if (bind.mustChangePassword || bind.passwordExpired) {
    if (bind.mode === 'exec' || bind.mode === 'script') {
      process.stderr.write(
        bind.passwordExpired
          ? '% The password has expired and must be changed: log in with a shell first.\r\n'
          : '% The password must be changed at the first login: log in with a shell first.\r\n',
      );
      return 1;
    }
    const why = bind.passwordExpired ? 'expired' : 'first';
    // Its input is the pty stream as the daemon escapes it (src/common/echo-ahead.ts): a 0xFF byte,
    // which no UTF-8 text holds, comes doubled; nothing in it was echoed ahead (no offer yet).
    if (!(await forcedPasswordChange(device, bind.user, stdin, (s) => stdout.write(s), why, (n) => (readBefore += n)))) return 1;
  }

  let ahead: EchoAheadCli | undefined;
  let exitResolve: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (exitResolve = resolve));
  const engine = await openCliSession({
    device,
    sessions,
    superPassword: superCheck(device, radiusWarnings(sessions), { userName: bind.user, address: bind.peer.replace(/:\d+$/, '') }),
    sysname: bind.sysname,
    session: {
      userName: bind.user,
      level: bind.level,
      userInterface: bind.ui,
      interactive,
      width: bind.cols,
      height: bind.rows,
      screenLength: bind.screenLength,
      historySize: bind.historySize,
    },
    sshClient: outgoingSsh(device, sessions, bind.term),
    write: (d) => (ahead ? ahead.out(d) : stdout.write(d)),
    onExit: () => exitResolve(),
    onIdle: () => ahead?.idle(),
    onError: (err) => process.stderr.write(`% Internal error: ${err instanceof Error ? err.message : String(err)}\r\n`),
  });
  // A shell's typed characters may be echoed by the daemon (src/common/echo-ahead.ts); what the CLI
  // writes on its own (messages, log lines) waits until the daemon has stopped.
  if (interactive) ahead = new EchoAheadCli(engine, sessions, () => written, (s) => stdout.write(s), readBefore);
  const show = (write: () => void) => (ahead ? ahead.whenQuiet(write) : write());
  onMessage = (from, text) => show(() => engine.notify(messageBanner(from, bind.ui, text)));
  onLog = (record) => {
    const { formatLogLine } = require('../commands/logbuffer') as typeof import('../commands/logbuffer');
    show(() => engine.notify(formatLogLine({ id: 0, ...record }, engine.getVar('sysname') ?? bind.sysname)));
  };
  onLevel = (level, text) => {
    engine.setLevel(level);
    show(() => engine.notify(text));
  };
  onSysname = (name) => engine.setVar('sysname', name);
  stdout.on('resize', () => engine.resize(stdout.columns, stdout.rows));

  if (bind.mode === 'exec') {
    const { output, ok } = await engine.runLine(bind.command ?? '');
    await new Promise<void>((resolve) => stdout.write(output, () => resolve()));
    return ok ? 0 : 1;
  }
  if (bind.mode === 'script') {
    // NETCONF's CLI operation: each line's output, in order, as one JSON array.
    const outputs: string[] = [];
    for (const line of (bind.command ?? '').split('\n')) outputs.push((await engine.runLine(line)).output.replace(/\r\n/g, '\n'));
    await new Promise<void>((resolve) => stdout.write(JSON.stringify(outputs), () => resolve()));
    return 0;
  }
  if (bind.passwordDaysLeft !== undefined) {
    stdout.write(`Your password will expire in ${bind.passwordDaysLeft} day(s). Change it with the password command.\r\n`);
  }
  if (bind.banner) stdout.write(bind.banner.replace(/\r?\n$/, '').split(/\r?\n/).join('\r\n') + '\r\n');
  stdin.on('data', (d: Buffer) => (ahead ? ahead.input(d) : engine.feed(d)));
  stdin.on('end', () => engine.end());
  // The password dialogue may have paused stdin; a paused stream stays paused for new listeners.
  stdin.resume();
  engine.start();
  await exited;
  return 0;
}

main().then(
  (code) => {
    process.stdout.write('', () => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`% ${err instanceof Error ? err.message : String(err)}\r\n`);
    process.exit(1);
  },
);
