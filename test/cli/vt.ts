// A minimal VT100 screen (deferred wrap, CR, LF, BS, CUU/CUD/CUF/CUB, ED, EL) to check what a user
// would see after the engine's bytes, without trusting the engine's own bookkeeping.
export class Screen {
  rows: string[][] = [[]];
  r = 0;
  c = 0;
  private pending = false;

  constructor(readonly width: number) {}

  private row(i: number): string[] {
    while (this.rows.length <= i) this.rows.push([]);
    return this.rows[i];
  }

  write(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (ch === '\x1b' && s[i + 1] === '[') {
        let j = i + 2;
        while (/[0-9;]/.test(s[j])) j++;
        const n = Number(s.slice(i + 2, j) || '1');
        const f = s[j];
        i = j;
        this.pending = false;
        if (f === 'A') this.r = Math.max(0, this.r - n);
        else if (f === 'B') this.r += n;
        else if (f === 'C') this.c = Math.min(this.width - 1, this.c + n);
        else if (f === 'D') this.c = Math.max(0, this.c - n);
        else if (f === 'J') {
          this.row(this.r).length = Math.min(this.row(this.r).length, this.c);
          this.rows.length = Math.min(this.rows.length, this.r + 1);
        } else if (f === 'K') this.row(this.r).length = Math.min(this.row(this.r).length, this.c);
        continue;
      }
      if (ch === '\r') {
        this.c = 0;
        this.pending = false;
      } else if (ch === '\n') {
        this.r++;
        this.pending = false;
      } else if (ch === '\b') {
        if (this.c > 0) this.c--;
        this.pending = false;
      } else if (ch >= ' ') {
        if (this.pending) {
          this.r++;
          this.c = 0;
          this.pending = false;
        }
        const row = this.row(this.r);
        while (row.length < this.c) row.push(' ');
        row[this.c] = ch;
        if (this.c === this.width - 1) this.pending = true;
        else this.c++;
      }
    }
  }

  text(i: number): string {
    return (this.rows[i] ?? []).join('');
  }

  /** Rows from `from` joined, as one logical line (wrapped rows are full width). */
  logical(from: number): string {
    let s = '';
    for (let i = from; i < this.rows.length; i++) s += this.text(i).padEnd(i < this.rows.length - 1 ? this.width : 0);
    return s.replace(/ +$/, '');
  }

  /** The cursor as an offset into `logical(from)`; a pending wrap counts as the next row's start. */
  offset(from: number): number {
    return (this.r - from) * this.width + this.c + (this.pending ? 1 : 0);
  }
}
