// Command history (§2.6): the last N lines that ran, recalled with Up/Down while the line being
// typed is kept for the way back.
export class History {
  private readonly entries: string[] = [];
  /** The entry on the line while browsing; -1 when not browsing. */
  private pos = -1;
  private saved = '';

  constructor(private readonly size: number) {}

  /** Keeps a line that is about to run; false when it is not kept (no history, or a repeat). */
  remember(line: string): boolean {
    const entry = line.trim();
    if (this.size <= 0 || this.entries[this.entries.length - 1] === entry) return false;
    this.entries.push(entry);
    if (this.entries.length > this.size) this.entries.shift();
    return true;
  }

  /** The line just remembered failed: a failed command is not kept. */
  forgetLast(): void {
    this.entries.pop();
  }

  /** A fresh line: the next Up starts from the newest entry again. */
  reset(): void {
    this.pos = -1;
  }

  /** Up: the previous entry, or undefined at the oldest (the terminal beeps). */
  older(current: string): string | undefined {
    if (this.entries.length === 0 || this.pos === 0) return undefined;
    if (this.pos === -1) {
      this.saved = current;
      this.pos = this.entries.length - 1;
    } else this.pos--;
    return this.entries[this.pos];
  }

  /** Down: the next entry, after the newest the line that was being typed; undefined when not browsing. */
  newer(): string | undefined {
    if (this.pos === -1) return undefined;
    this.pos++;
    if (this.pos >= this.entries.length) {
      this.pos = -1;
      return this.saved;
    }
    return this.entries[this.pos];
  }

  /** Oldest first. */
  list(): string[] {
    return [...this.entries];
  }
}
