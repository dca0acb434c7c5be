// `---- More ----` paging (§5): N-1 rows per page, Space = next page, Enter = next line,
// q / Ctrl+C = stop. Output the handler produces while the pager waits is held in memory.
import { MORE, MORE_ERASE } from './messages';

export class Pager {
  private queue: string[] = [];
  private allowance: number;
  private waiting = false;
  private stopped = false;
  private idle: Array<() => void> = [];

  /** `rows` = lines per page (0 = no paging); `width` to count wrapped lines as several rows. */
  constructor(
    private out: (s: string) => void,
    private rows: number,
    private width: number,
    private onStop: () => void,
    private onWait: () => void,
  ) {
    this.allowance = rows > 0 ? rows - 1 : Infinity;
  }

  get isWaiting(): boolean {
    return this.waiting;
  }

  push(line: string): void {
    if (this.stopped) return;
    this.queue.push(line);
    this.flush();
  }

  private flush(): void {
    while (!this.waiting && this.queue.length) {
      const line = this.queue.shift()!;
      const cost = Math.max(1, Math.ceil(line.length / this.width));
      if (this.allowance !== Infinity && this.allowance <= 0) {
        this.queue.unshift(line);
        this.waiting = true;
        this.out(MORE);
        this.onWait();
        return;
      }
      this.out(line + '\r\n');
      this.allowance -= cost;
    }
    if (!this.waiting) this.settle();
  }

  private settle(): void {
    const cbs = this.idle;
    this.idle = [];
    for (const cb of cbs) cb();
  }

  /** A key typed at the More prompt. */
  key(k: 'space' | 'enter' | 'stop' | 'other'): void {
    if (!this.waiting || k === 'other') return;
    this.out(MORE_ERASE);
    this.waiting = false;
    if (k === 'stop') {
      this.stopped = true;
      this.queue = [];
      this.out('\r\n');
      this.onStop();
      this.settle();
      return;
    }
    this.allowance = k === 'space' ? this.rows - 1 : 1;
    this.flush();
  }

  /** Resolves once everything pushed so far has been written or discarded. */
  drained(): Promise<void> {
    if (!this.waiting && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
