// `public-key local create|destroy`, `display public-key local … public` (§9): the device's key
// pairs, which are the SSH daemon's host keys: the daemon serves each new connection with the files
// as they are then.
import { CommandError } from '../cli';
import { LocalKeyType, RSA_DEFAULT_BITS, RSA_MAX_BITS, RSA_MIN_BITS } from '../device/host-keys';
import type { Ctx } from './services';
import { two } from '../common/digits';

const KEYS_NOTE = 'Info: New SSH connections use the changed key pairs; open sessions are not affected.';

function keyType(ctx: Ctx): LocalKeyType {
  return ctx.keywords.has('rsa') ? 'rsa' : ctx.keywords.has('ecdsa') ? 'ecdsa' : 'ed25519';
}

async function askBits(ctx: Ctx): Promise<number> {
  ctx.io.print(
    [
      `The range of public key size is (${RSA_MIN_BITS} ~ ${RSA_MAX_BITS}).`,
      `NOTES: If the key modulus is greater than ${RSA_MIN_BITS},`,
      'It will take a few minutes.',
      'Press CTRL+C to abort.',
    ].join('\n'),
  );
  for (;;) {
    const answer = (await ctx.io.ask(`Input the bits of the modulus[default = ${RSA_DEFAULT_BITS}]:`)).trim();
    if (answer === '') return RSA_DEFAULT_BITS;
    const n = Number(answer);
    if (/^\d+$/.test(answer) && n >= RSA_MIN_BITS && n <= RSA_MAX_BITS) return n;
    ctx.io.print(`% The modulus must be ${RSA_MIN_BITS} to ${RSA_MAX_BITS} bits.`);
  }
}

export async function publicKeyLocalCreate(ctx: Ctx): Promise<void> {
  const type = keyType(ctx);
  const keys = ctx.services.device.hostKeys;
  if (keys.exists(type) && !(await ctx.io.confirm(`The local ${type.toUpperCase()} key pair already exists. Replace it?`))) return;
  const bits = type === 'rsa' ? await askBits(ctx) : undefined;
  ctx.io.print('Generating Keys...');
  await keys.create(type, bits);
  ctx.io.print(['Key pair created.', KEYS_NOTE].join('\n'));
}

export async function publicKeyLocalDestroy(ctx: Ctx): Promise<void> {
  const type = keyType(ctx);
  const keys = ctx.services.device.hostKeys;
  if (!keys.exists(type)) throw new CommandError(`% The local ${type.toUpperCase()} key pair does not exist.`);
  if (!(await ctx.io.confirm('Confirm to destroy these keys?'))) return;
  keys.destroy(type);
  ctx.io.print(KEYS_NOTE);
}

const TYPE_NAME: Record<LocalKeyType, string> = { rsa: 'RSA', ecdsa: 'ECDSA', ed25519: 'Ed25519' };
const RULE = '='.repeat(53);

export function displayPublicKeyLocal(ctx: Ctx): void {
  const type = keyType(ctx);
  const info = ctx.services.device.hostKeys.read(type);
  if (!info) throw new CommandError(`% The local ${TYPE_NAME[type]} key pair does not exist.`);
  const d = info.createdAt;
  const when = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}  ${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  ctx.io.print(
    [
      RULE,
      `Time of Key pair created: ${when}`,
      'Key name: HOST_KEY',
      `Key type: ${TYPE_NAME[type]} Encryption Key`,
      RULE,
      'Key code:',
      info.keyCode,
      '',
      info.publicLine,
    ].join('\n'),
  );
}
