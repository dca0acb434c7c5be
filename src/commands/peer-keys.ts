// Peer public keys (§9): the key views, file import, deletion and display. Key code typed in the
// key-code view is collected in a session variable and checked before anything is stored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandError } from '../cli';
import { blobToKeyCode, keyBits, keyCodeToBlob, parseOpenSshLine, parsePublicKeyText } from '../common/pubkey';
import type { Lines, PeerKey } from '../config';
import type { Ctx } from './services';

/** Session variable holding the key code typed so far ('' = none). */
const CODE = 'pkey.code';

interface ParsedKey {
  blob: Buffer;
  comment: string;
}

/** Hex DER (SubjectPublicKeyInfo or PKCS#1), or a pasted OpenSSH line. */
export function parseKeyCode(code: string): ParsedKey {
  const text = code.trim();
  if (/^(ssh-|ecdsa-)/.test(text)) return parseOpenSshLine(text);
  return { blob: keyCodeToBlob(text), comment: '' };
}

function invalid(err: unknown): CommandError {
  const why = err instanceof Error ? err.message : 'invalid key';
  return new CommandError(`% The public key is invalid (${why}); nothing was stored.`);
}

export function publicKeyPeer(ctx: Ctx): void {
  ctx.setVar(CODE, '');
  ctx.io.print('Public key view: return to System View with "peer-public-key end".');
}

export function publicKeyCodeBegin(ctx: Ctx): void {
  ctx.setVar(CODE, '');
  ctx.io.print('Public key code view: return to last view with "public-key-code end".');
}

/** Every line of the key-code view; OpenSSH lines keep their spaces, hex loses them. */
export function keyCodeLine(ctx: Ctx): void {
  const line = ctx.line.trim();
  const sep = /^(ssh-|ecdsa-)/.test(line) ? '\n' : '';
  ctx.setVar(CODE, (ctx.getVar(CODE) ?? '') + sep + line);
}

/** Checked here already (V3/V5), so a typo is reported before `peer-public-key end`. */
export function publicKeyCodeEnd(ctx: Ctx): void {
  ctx.exitView();
  const code = ctx.getVar(CODE) ?? '';
  if (code === '') return;
  try {
    parseKeyCode(code);
  } catch (err) {
    ctx.setVar(CODE, '');
    throw invalid(err);
  }
}

/** Hex per line of a key code: keeps every line far below the 510-character edit buffer. */
const KEY_CODE_WIDTH = 64;

export const publicKeyPeerLines: Lines<PeerKey> = (k) => [` public-key peer ${k.name}`];

/** Whichever way a key came in (hex, OpenSSH line, imported file), it is saved as hex key code. */
export const keyCodeLines: Lines<PeerKey> = (k) => {
  const code = blobToKeyCode(k.blob);
  const rows: string[] = [];
  for (let i = 0; i < code.length; i += KEY_CODE_WIDTH) rows.push('  ' + code.slice(i, i + KEY_CODE_WIDTH));
  return ['  public-key-code begin', ...rows, '  public-key-code end'];
};

export const peerPublicKeyEndLines: Lines<PeerKey> = () => [' peer-public-key end'];

/** Stores the key (replacing an older one of that name, keeping its assignments) and returns to system view. */
export async function peerPublicKeyEnd(ctx: Ctx): Promise<void> {
  const name = ctx.view.vars.name;
  const code = ctx.getVar(CODE) ?? '';
  ctx.setVar(CODE, '');
  ctx.exitView();
  const keys = await ctx.services.device.keys();
  if (code === '') {
    if (!(await keys.get(name))) throw new CommandError(`% No key code was entered for ${name}; nothing was stored.`);
    return;
  }
  let key: ParsedKey;
  try {
    key = parseKeyCode(code);
  } catch (err) {
    throw invalid(err);
  }
  await keys.add(name, key.blob, key.comment, { replace: true });
}

/** The file must lie inside the data directory (the device's flash), after resolving links. */
function dataFile(ctx: Ctx, name: string): string {
  const dir = fs.realpathSync(ctx.services.device.paths.dir);
  let file: string;
  try {
    file = fs.realpathSync(path.resolve(dir, name));
  } catch {
    throw new CommandError("% Such file or path doesn't exist.");
  }
  if (path.relative(dir, file).startsWith('..') || path.isAbsolute(path.relative(dir, file))) {
    throw new CommandError('% The file must be in the data directory.');
  }
  return file;
}

export async function publicKeyPeerImport(ctx: Ctx): Promise<void> {
  const file = dataFile(ctx, String(ctx.args.file));
  let key: ParsedKey;
  try {
    key = parsePublicKeyText(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalid(err);
  }
  await (await ctx.services.device.keys()).add(String(ctx.args.name), key.blob, key.comment, { replace: true });
}

export async function undoPublicKeyPeer(ctx: Ctx): Promise<void> {
  const name = String(ctx.args.name);
  if (!(await (await ctx.services.device.keys()).delete(name))) throw new CommandError(`% Public key ${name} does not exist.`);
}

const TYPE: Record<string, string> = {
  'ssh-rsa': 'RSA',
  'ssh-ed25519': 'Ed25519',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
};

export async function displayPublicKeyPeer(ctx: Ctx): Promise<void> {
  const all = await (await ctx.services.device.keys()).list();
  if (ctx.keywords.has('brief')) {
    const row = (c: string[]) => ` ${c[0].padEnd(9)}${c[1].padEnd(8)}${c[2].padEnd(22)}${c[3]}`;
    const out = [row(['Type', 'Module', 'Name', 'Fingerprint']), ' ' + '-'.repeat(78)];
    for (const k of all) out.push(row([TYPE[k.algorithm] ?? k.algorithm, String(keyBits(k.blob)), k.name, k.fingerprint]));
    ctx.io.print(out.join('\n'));
    return;
  }
  const keys = ctx.args.key === undefined ? all : all.filter((k) => k.name === ctx.args.key);
  if (ctx.args.key !== undefined && keys.length === 0) throw new CommandError(`% Public key ${String(ctx.args.key)} does not exist.`);
  const out: string[] = [];
  for (const k of keys) {
    out.push(
      '',
      '=====================================',
      `  Key name    : ${k.name}`,
      `  Key type    : ${TYPE[k.algorithm] ?? k.algorithm}`,
      `  Key module  : ${keyBits(k.blob)}`,
      `  Fingerprint : ${k.fingerprint}`,
      '=====================================',
      'Key Code:',
      ...(blobToKeyCode(k.blob).match(/.{1,64}/g) ?? []).map((l) => '  ' + l),
    );
  }
  if (out.length) ctx.io.print(out.slice(1).join('\n'));
}
