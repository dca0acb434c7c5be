/**
 * Pre-authentication limits, like OpenSSH's MaxStartups/PerSourceMaxStartups but without random early
 * drop: a connection over either limit is closed at once, so a flood can neither exhaust the daemon
 * nor crowd out authenticated sessions (which are not counted here).
 */
export class StartupLimiter {
  private total = 0;
  private perSource = new Map<string, number>();

  constructor(readonly maxTotal = 10, readonly maxPerSource = 5) {}

  /** Returns a release function, or a reason when the connection must be refused. */
  admit(address: string): { release: () => void } | { refused: string } {
    const n = this.perSource.get(address) ?? 0;
    if (this.total >= this.maxTotal) return { refused: `${this.total} unauthenticated connections (limit ${this.maxTotal})` };
    if (n >= this.maxPerSource) return { refused: `${n} unauthenticated connections from ${address} (limit ${this.maxPerSource})` };
    this.total++;
    this.perSource.set(address, n + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perSource.get(address) ?? 1) - 1;
        if (left > 0) this.perSource.set(address, left);
        else this.perSource.delete(address);
      },
    };
  }
}
