// Group commit: items that arrive while a write is due or running are written together, and each
// caller learns its own result once the write is done. Under a flood, at most one write per
// `spacingMs`; alone, an item is written at once.

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private pending: Pending<T, R>[] = [];
  private timer?: NodeJS.Timeout;
  private lastWrite = 0;
  private writing?: Promise<void>;

  /** write gets the items in order and returns one result per item. */
  constructor(
    private spacingMs: number,
    private write: (items: T[]) => Promise<R[]>,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.timer) this.schedule(Math.max(0, this.lastWrite + this.spacingMs - Date.now()));
    });
  }

  /** Writes what is waiting now, without the spacing (the process is about to close its database). */
  async drain(): Promise<void> {
    while (this.writing || this.pending.length) {
      if (this.writing) await this.writing;
      else {
        clearTimeout(this.timer);
        await this.flush();
      }
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private flush(): Promise<void> {
    this.writing = this.writeBatch().finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending.splice(0);
    try {
      const results = await this.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.lastWrite = Date.now();
      this.timer = undefined;
      if (this.pending.length) this.schedule(this.spacingMs);
    }
  }
}
