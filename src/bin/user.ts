import { UsageError } from '../common/errors';

export async function run(_argv: string[]): Promise<number> {
  throw new UsageError('user: not built yet', 1);
}
