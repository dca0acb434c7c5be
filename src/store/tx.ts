import type { Store, Tx } from './store';

/** Runs fn in the caller's transaction when given one, else in a new one: every write is transactional. */
export function inTx<T>(store: Store, tx: Tx | undefined, fn: (t: Tx) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : store.transaction(fn);
}
