// A value read once and kept until whoever changes it says so (the daemon's settings and transport).

export class Memo<T> {
  private current?: Promise<T>;

  constructor(private read: () => Promise<T>) {}

  /** The kept value, or a new read; a failed read is not kept: the next caller tries again. */
  get(): Promise<T> {
    if (!this.current) {
      const reading = this.read();
      reading.catch(() => {
        if (this.current === reading) this.current = undefined;
      });
      this.current = reading;
    }
    return this.current;
  }

  /** The next get() reads again. */
  invalidate(): void {
    this.current = undefined;
  }
}
