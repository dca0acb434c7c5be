// What `ssh2 HOST` and `sftp HOST` share (comware-aaa-files.md §5): the options, the user name, the
// server's host key decided with the user (first-time questions, pinned and saved keys), and the
// audit of outgoing connections with the session's state in `display users`.
import { AbortError, CommandError } from '../cli';
import { OutgoingError, OutgoingStopped, OutgoingTarget, PreferredAlgorithms, SshClientConnector } from '../device/ssh-client';
import type { LocalKeyType } from '../device/host-keys';
import { auditRecord, sessionName } from './audit';
import type { Ctx } from './services';

/** Verbatim, V7 [V7-client]. */
export const CHANGED_HOST_KEY =
  "The server's host key does not match the local cached key. Either the server administrator has changed the host key, or you connected to another server pretending to be this server. Please remove the local cached key, before logging in!";
export const FIRST_TIME_DISABLED =
  '% The server is not authenticated, and first-time authentication is disabled: assign its public key with ssh client authentication server.';

const PREFER_OPTIONS: Record<string, keyof PreferredAlgorithms> = {
  'prefer-kex': 'kex',
  'prefer-ctos-cipher': 'ctosCipher',
  'prefer-stoc-cipher': 'stocCipher',
  'prefer-ctos-hmac': 'ctosHmac',
  'prefer-stoc-hmac': 'stocHmac',
};

/** Each option's choice is the keyword right after it. */
function options(ctx: Ctx): { identity?: LocalKeyType; prefer: PreferredAlgorithms } {
  const words = ctx.words;
  const prefer: PreferredAlgorithms = {};
  let identity: LocalKeyType | undefined;
  words.forEach((w, i) => {
    const choice = words[i + 1];
    if (w === 'identity-key') identity = choice as LocalKeyType;
    else if (PREFER_OPTIONS[w]) prefer[PREFER_OPTIONS[w]] = choice;
  });
  return { identity, prefer };
}

export function connector(ctx: Ctx): SshClientConnector {
  const client = ctx.services.sshClient;
  if (!client) throw new CommandError('% The SSH client is not available here.');
  return client;
}

async function verifyHostKey(ctx: Ctx, host: string, blob: Buffer): Promise<boolean> {
  const servers = await ctx.services.device.sshClientServers();
  const verdict = await servers.verdict(host, blob);
  switch (verdict.kind) {
    case 'trusted':
      return true;
    case 'changed':
      throw new CommandError(CHANGED_HOST_KEY);
    case 'missing':
      throw new CommandError(`% The public key ${verdict.keyName} assigned to server ${host} does not exist.`);
    case 'unknown':
      if (!(await servers.firstTime())) throw new CommandError(FIRST_TIME_DISABLED);
      if (!(await ctx.io.confirm('The Server is not authenticated. Continue?'))) return false;
      if (await ctx.io.confirm('Do you want to save the server public key?')) {
        await servers.remember(host, blob);
        await auditRecord(ctx, { severity: 6, module: 'SSHC', digest: 'SERVER_KEY_SAVED', text: `${sessionName(ctx)} saved the public key of server ${host} as public-key peer ${host}` });
      }
      return true;
  }
}

export interface Outgoing {
  target: OutgoingTarget;
  /** `ssh2 127.0.0.1 port 22`: the session's state and the audit's `to where`. */
  label: string;
  /** Audits the end (or failure) and clears the session's state; err is what the attempt threw, if anything. */
  finish(err?: unknown): Promise<void>;
}

/** Asks the user name, says where it goes, and returns the target the connector needs. */
export async function prepare(ctx: Ctx, command: 'ssh2' | 'sftp'): Promise<Outgoing> {
  const host = String(ctx.args.host);
  const port = ctx.args.port === undefined ? 22 : Number(ctx.args.port);
  const username = (await ctx.io.ask('Username:')).trim();
  if (!username) throw new CommandError('% A user name is required.');
  // V5's outgoing-connection lines (comware-aaa-files.md §5, proposed for ssh2 and sftp).
  ctx.io.print([`Trying ${host} ...`, 'Press CTRL+K to abort'].join('\n'));
  const label = `${command} ${host} port ${port}`;
  const who = `${sessionName(ctx)} ${label} as ${username}`;
  const sessions = ctx.services.sessions?.connected ? ctx.services.sessions : undefined;
  let connected = false;
  const { identity, prefer } = options(ctx);
  const target: OutgoingTarget = {
    host,
    port,
    username,
    identity,
    prefer,
    signal: ctx.signal,
    ask: (prompt, echo) => ctx.io.ask(prompt, { echo }),
    verifyHostKey: (blob) => verifyHostKey(ctx, host, blob),
    onReachable: () => ctx.io.print(`Connected to ${host} ...`),
    onConnected: () => {
      connected = true;
      void sessions?.outgoing(label).catch(() => undefined);
      void auditRecord(ctx, { severity: 6, module: 'SSHC', digest: 'CONNECTED', text: `${who}: connected` }).catch(() => undefined);
    },
  };
  return {
    target,
    label,
    async finish(err?: unknown) {
      if (connected) await sessions?.outgoing(null).catch(() => undefined);
      const outcome = connected ? 'disconnected' : `failed: ${failureText(ctx, err)}`;
      await auditRecord(ctx, { severity: connected ? 6 : 5, module: 'SSHC', digest: connected ? 'DISCONNECTED' : 'CONNECT_FAILED', text: `${who}: ${outcome}` });
    },
  };
}

function failureText(ctx: Ctx, err: unknown): string {
  if (ctx.signal.aborted) return 'aborted';
  if (err instanceof OutgoingStopped || err instanceof AbortError) return 'stopped by the user';
  if (err instanceof Error) return err.message.replace(/^% /, '');
  return 'unknown';
}

/** An attempt's error as the CLI shows it: Ctrl+C while connecting says so, a refusal by the user says nothing. */
export function outgoingFailure(ctx: Ctx, err: unknown): never {
  if (ctx.signal.aborted) throw new CommandError('% Connection aborted.');
  if (err instanceof OutgoingStopped) throw new AbortError();
  if (err instanceof OutgoingError) throw new CommandError(`% ${err.message}`);
  throw err;
}
