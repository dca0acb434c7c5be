import { UsageError } from '../common/errors';

export async function run(_argv: string[]): Promise<number> {
  throw new UsageError('console: not built yet', 1);
}
