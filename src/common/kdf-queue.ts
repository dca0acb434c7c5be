// Caps concurrent KDF work: scrypt runs on libuv's 4 threads, and on a 2-core device more than two
// at once only makes every login slower and lets a flood of password attempts starve the daemon.

export class KdfBusyError extends Error {
  constructor() {
    super('too many password verifications waiting');
    this.name = 'KdfBusyError';
  }
}

export class KdfQueue {
  private running = 0;
  private waiting: Array<() => void> = [];

  /** maxWaiting bounds memory under a flood; the SSH layer's pre-auth limits keep it from being reached. */
  constructor(readonly concurrency = 2, readonly maxWaiting = 256) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new KdfBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      // Hand the slot straight to the next waiter so `running` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
