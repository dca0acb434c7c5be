import { UsageError } from '../common/errors';
import { flagString, parseArgs } from '../common/args';
import { DEFAULT_DATA_DIR, dataPaths, ensureDataDir } from '../common/paths';
import { HostKeyFiles } from '../device/host-keys';
import { HOST_KEY_ALGS, loadHostKey } from '../ssh/hostkeys';

/** `wx3000 keygen`: (re)creates every host key; a running daemon picks them up at its next start. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['data-dir'] });
  if (args.positional.length) throw new UsageError(`unexpected argument '${args.positional[0]}'`);
  const paths = dataPaths(flagString(args, 'data-dir') ?? DEFAULT_DATA_DIR);
  ensureDataDir(paths.dir);
  const files = new HostKeyFiles(paths);
  for (const alg of HOST_KEY_ALGS) {
    await files.create(alg);
    const key = loadHostKey(alg, paths.hostKey(alg));
    process.stdout.write(`${alg} ${key.fingerprint} ${key.file}\n`);
  }
  return 0;
}
