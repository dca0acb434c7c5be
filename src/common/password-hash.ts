// Password hashing: scrypt with its parameters inside the stored string, so the cost can be raised
// later and old hashes still verify (and get rehashed at the next successful login).
import * as crypto from 'node:crypto';
import { KdfQueue } from './kdf-queue';

export interface ScryptCost {
  /** log2 of N */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
/** Longer input is refused before hashing: a megabyte "password" must not cost more than a short one. */
export const MAX_PASSWORD_BYTES = 1024;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PREFIX = '$scrypt$';
/** Bounds for parameters read from a stored string: a forged hash must not make us allocate gigabytes. */
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

export interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

/** Parses `$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>`; undefined when malformed or out of bounds. */
export function parseHash(text: string): ParsedHash | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const parts = text.slice(PREFIX.length).split('$');
  if (parts.length !== 3) return undefined;
  const m = /^ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})$/.exec(parts[0]);
  if (!m) return undefined;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const k of ['ln', 'r', 'p'] as const) {
    if (cost[k] < LIMITS[k][0] || cost[k] > LIMITS[k][1]) return undefined;
  }
  const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!b64.test(parts[1]) || !b64.test(parts[2])) return undefined;
  const salt = Buffer.from(parts[1], 'base64');
  const hash = Buffer.from(parts[2], 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined;
  return { cost, salt, hash };
}

export function isValidHash(text: string): boolean {
  return parseHash(text) !== undefined;
}

function formatHash(cost: ScryptCost, salt: Buffer, hash: Buffer): string {
  return `${PREFIX}ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export class PasswordTooLongError extends Error {
  constructor() {
    super(`password longer than ${MAX_PASSWORD_BYTES} bytes`);
    this.name = 'PasswordTooLongError';
  }
}

function toBytes(password: string | Buffer): Buffer {
  return typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
}

export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(
    readonly cost: ScryptCost = DEFAULT_COST,
    private queue: KdfQueue = new KdfQueue(2),
  ) {}

  private derive(password: Buffer, salt: Buffer, cost: ScryptCost, len: number): Promise<Buffer> {
    const N = 2 ** cost.ln;
    // scrypt needs 128·N·r·p bytes; without maxmem above that, Node refuses anything past 32 MiB.
    const maxmem = 128 * N * cost.r * cost.p * 2;
    return this.queue.run(
      () =>
        new Promise<Buffer>((resolve, reject) =>
          crypto.scrypt(password, salt, len, { N, r: cost.r, p: cost.p, maxmem }, (err, key) =>
            err ? reject(err) : resolve(key),
          ),
        ),
    );
  }

  /** Hashes a new password. Throws PasswordTooLongError for more than MAX_PASSWORD_BYTES. */
  async hash(password: string | Buffer): Promise<string> {
    const bytes = toBytes(password);
    if (bytes.length > MAX_PASSWORD_BYTES) throw new PasswordTooLongError();
    const salt = crypto.randomBytes(SALT_BYTES);
    return formatHash(this.cost, salt, await this.derive(bytes, salt, this.cost, HASH_BYTES));
  }

  /**
   * True when password matches stored. A missing or malformed stored hash still costs one KDF run
   * (against the dummy), so callers cannot be told apart by timing. Too-long passwords are refused
   * without hashing, for everyone alike.
   */
  async verify(password: string | Buffer, stored: string | null | undefined): Promise<boolean> {
    const bytes = toBytes(password);
    if (bytes.length > MAX_PASSWORD_BYTES) return false;
    const parsed = stored ? parseHash(stored) : undefined;
    if (!parsed) {
      await this.verifyDummy(bytes);
      return false;
    }
    const got = await this.derive(bytes, parsed.salt, parsed.cost, parsed.hash.length);
    return crypto.timingSafeEqual(got, parsed.hash);
  }

  /** Spends what a real verification of an existing user spends: for unknown users and refusals. */
  async verifyDummy(password: string | Buffer): Promise<false> {
    const bytes = toBytes(password);
    if (bytes.length > MAX_PASSWORD_BYTES) return false;
    this.dummy ??= this.hash(crypto.randomBytes(18).toString('base64'));
    const parsed = parseHash(await this.dummy)!;
    const got = await this.derive(bytes, parsed.salt, parsed.cost, parsed.hash.length);
    crypto.timingSafeEqual(got, parsed.hash);
    return false;
  }

  /** Prepares the dummy hash ahead of the first login so the first unknown user is not slower. */
  async warm(): Promise<void> {
    this.dummy ??= this.hash(crypto.randomBytes(18).toString('base64'));
    await this.dummy;
  }

  /** True when stored was made with other parameters than ours (or is unreadable). */
  needsRehash(stored: string): boolean {
    const parsed = parseHash(stored);
    if (!parsed) return true;
    const c = parsed.cost;
    return (
      c.ln !== this.cost.ln ||
      c.r !== this.cost.r ||
      c.p !== this.cost.p ||
      parsed.salt.length !== SALT_BYTES ||
      parsed.hash.length !== HASH_BYTES
    );
  }
}
