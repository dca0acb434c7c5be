// `wx3000 console`: the CLI on the local terminal, as the console port (`aux 0`, level 3).
// Raw mode on a TTY; piped input runs line by line without prompts, echo or paging.
import { flagString, parseArgs } from '../common/args';
import { DEFAULT_DATA_DIR } from '../common/paths';
import { Device } from '../device';
import { makeRaw } from '../common/tty';
import { openCliSession } from '../commands/host';
import { outgoingSsh } from './ssh-client';
import { messageBanner, SessionDirectory } from '../device/sessions';
import { ConsoleLogin, consoleLogin } from './console-login';
import { radiusWarnings, superCheck } from '../auth/super-check';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir'] });
  const device = new Device(flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR);
  const stdin = process.stdin;
  const stdout = process.stdout;
  const tty = stdin.isTTY === true;
  // The reader went away (`| head`, a closed terminal): nobody is left to show anything to.
  stdout.on('error', () => process.exit(0));
  let failed = false;
  // With a daemon running, the console is `aux 0` in `display users` and receives `send` messages.
  let notify: (text: string) => void = () => undefined;
  const sessions = new SessionDirectory((msg) => {
    if (msg.op === 'message') notify(messageBanner(msg.from, 'aux 0', msg.text));
  });
  await sessions.connect(device.paths.controlSocket, { console: true }).catch(() => undefined);
  // `user-interface aux 0` settings apply at login: the console's level (the interface's `user
  // privilege level` unless `authentication-mode scheme` gives the user's), paging and history.
  const ui = await (await device.settings()).all();
  // `authentication-mode scheme`: the user and the level come from the ISP domain's methods.
  let login: ConsoleLogin | undefined;
  if (ui['ui.aux.authentication-mode'] === 'scheme') {
    if (tty) makeRaw(stdin);
    login = await consoleLogin(device, stdin, (s) => stdout.write(s), tty);
    if (!login) {
      if (tty) stdin.setRawMode(false);
      sessions.close();
      await device.close();
      process.stderr.write('error: console login failed\n');
      return 1;
    }
  }
  try {
    await new Promise<void>((resolve, reject) => {
      openCliSession({
        device,
        superPassword: login ? superCheck(device, radiusWarnings(sessions), { userName: login.userName, address: 'console' }) : device.superPasswords,
        sessions: sessions.connected ? sessions : undefined,
        sshClient: outgoingSsh(device, sessions.connected ? sessions : undefined, process.env.TERM ?? 'vt100'),
        session: {
          userName: login?.userName ?? '',
          level: login?.level ?? ui['ui.aux.privilege-level'],
          userInterface: 'aux 0',
          interactive: tty,
          width: stdout.columns ?? 80,
          height: stdout.rows ?? 24,
          screenLength: ui['ui.aux.screen-length'],
          historySize: ui['ui.aux.history-size'],
        },
        write: (d) => stdout.write(d),
        onExit: resolve,
        onError: (err) => {
          failed = true;
          process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\r\n`);
        },
      }).then((engine) => {
        notify = (text) => engine.notify(text);
        if (tty) {
          makeRaw(stdin);
          stdout.on('resize', () => engine.resize(stdout.columns, stdout.rows));
        }
        engine.start();
        if (login?.typeAhead.bytes.length) engine.feed(login.typeAhead.bytes);
        if (login?.typeAhead.ended) engine.end();
        else {
          stdin.on('data', (d: Buffer) => engine.feed(d));
          stdin.on('end', () => engine.end());
          stdin.resume();
        }
      }, reject);
    });
  } finally {
    await login?.accounting?.stop();
    if (tty) stdin.setRawMode(false);
    stdin.pause();
    sessions.close();
    await device.close();
  }
  return failed ? 1 : 0;
}
