// The device as an SSH client (comware-aaa-files.md §4.9, §5): which server keys it trusts, and the
// contract between the `ssh2` / `sftp` commands and the connection, which is ssh2's (src/ssh/client)
// and reaches the commands only through SshClientConnector.
import { compareText } from '../common/order';
import type { RawTerminal } from '../common/raw-terminal';
import type { LocalKeyType } from './host-keys';
import type { PeerKeyService, SettingsService } from './services';

/** `prefer-…` options, by their CLI keywords; the connector maps them to wire names. */
export interface PreferredAlgorithms {
  kex?: string;
  ctosCipher?: string;
  stocCipher?: string;
  ctosHmac?: string;
  stocHmac?: string;
}

export interface OutgoingTarget {
  host: string;
  port: number;
  username: string;
  /** `identity-key`: the device's own key pair of this type, signed for by the daemon. */
  identity?: LocalKeyType;
  prefer: PreferredAlgorithms;
  /** Decides on the server's host key (an SSH key blob); false or a rejection stops the connection. */
  verifyHostKey(blob: Buffer): Promise<boolean>;
  /** One answer typed by the user (a password: echo off). */
  ask(prompt: string, echo: boolean): Promise<string>;
  /** Ctrl+C or Ctrl+K before the session is up. */
  signal: AbortSignal;
  /** The TCP connection is up (V5 prints `Connected to HOST ...`). */
  onReachable?(): void;
  /** Logged in: the session is up. */
  onConnected?(): void;
}

/** The terminal the remote shell gets (the CLI engine lends it). */
export type TerminalPort = RawTerminal;

export interface RemoteEntry {
  name: string;
  /** The server's long listing line (`ls -l` style), or one made from the attributes. */
  longname: string;
  isDir: boolean;
  size: number;
}

/** One SFTP session to a server, as the `sftp-client>` view uses it. Paths are remote, absolute or relative to cwd. */
export interface SftpClientSession {
  readonly host: string;
  readonly port: number;
  /** The connection is gone (the server closed it, or bye). */
  readonly closed: boolean;
  cwd(): string;
  cd(path: string): Promise<string>;
  list(path: string): Promise<RemoteEntry[]>;
  /** Reads the remote file in order, chunk by chunk; the number of bytes. */
  download(path: string, write: (chunk: Buffer, position: number) => Promise<void>, signal: AbortSignal): Promise<number>;
  /** Writes the remote file from `read` (0 bytes = the end); the number of bytes. */
  upload(path: string, read: (buf: Buffer, position: number) => Promise<number>, signal: AbortSignal): Promise<number>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  close(): void;
}

/** Why a connection failed, in words for a `%` line. */
export class OutgoingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutgoingError';
  }
}

/** The user stopped it (Ctrl+C, or no to a question): nothing more to say. */
export class OutgoingStopped extends OutgoingError {
  constructor() {
    super('stopped');
    this.name = 'OutgoingStopped';
  }
}

export interface SshClientConnector {
  /** Connects, authenticates, and relays a shell on `terminal()` until the remote side ends it. */
  shell(target: OutgoingTarget, terminal: () => Promise<TerminalPort>): Promise<void>;
  /** Connects, authenticates and starts SFTP. */
  sftp(target: OutgoingTarget): Promise<SftpClientSession>;
}

/** What the device knows of a server's host key. */
export type HostKeyVerdict =
  | { kind: 'trusted'; keyName: string }
  | { kind: 'changed'; keyName: string }
  | { kind: 'unknown' }
  /** Pinned to a peer key that does not exist (any more). */
  | { kind: 'missing'; keyName: string };

export interface ServerKeyAssignment {
  server: string;
  keyName: string;
}

export function parseAssignments(text: string): ServerKeyAssignment[] {
  if (!text) return [];
  const raw = JSON.parse(text) as Record<string, string>;
  return Object.entries(raw)
    .map(([server, keyName]) => ({ server, keyName }))
    .sort((a, b) => compareText(a.server, b.server));
}

/** `ssh client first-time`, the server key assignments, and the host key decision made of them. */
export class SshClientServers {
  constructor(
    private readonly settings: SettingsService,
    private readonly keys: PeerKeyService,
  ) {}

  firstTime(): Promise<boolean> {
    return this.settings.get('ssh.client.first-time');
  }

  setFirstTime(on: boolean): Promise<void> {
    return this.settings.set('ssh.client.first-time', on);
  }

  async assignments(): Promise<ServerKeyAssignment[]> {
    return parseAssignments(await this.settings.get('ssh.client.servers'));
  }

  async assign(server: string, keyName: string): Promise<void> {
    const all = (await this.assignments()).filter((a) => a.server !== server);
    await this.save([...all, { server, keyName }]);
  }

  /** false when the server had no key assigned. */
  async unassign(server: string): Promise<boolean> {
    const all = await this.assignments();
    const left = all.filter((a) => a.server !== server);
    await this.save(left);
    return left.length !== all.length;
  }

  /** The key assigned to the server, else the peer key named after it (what a first connection saves). */
  async verdict(server: string, blob: Buffer): Promise<HostKeyVerdict> {
    const assigned = (await this.assignments()).find((a) => a.server === server);
    const keyName = assigned?.keyName ?? server;
    const key = await this.keys.get(keyName);
    if (!key) return assigned ? { kind: 'missing', keyName } : { kind: 'unknown' };
    return key.blob.equals(blob) ? { kind: 'trusted', keyName } : { kind: 'changed', keyName };
  }

  /** The answer yes to `save the server public key`: `public-key peer SERVER` and its assignment. */
  async remember(server: string, blob: Buffer): Promise<void> {
    await this.keys.add(server, blob, '', { replace: true });
    await this.assign(server, server);
  }

  /** In any order: parseAssignments sorts what it reads. */
  private save(all: ServerKeyAssignment[]): Promise<void> {
    return this.settings.set('ssh.client.servers', all.length ? JSON.stringify(Object.fromEntries(all.map((a) => [a.server, a.keyName]))) : '');
  }
}
