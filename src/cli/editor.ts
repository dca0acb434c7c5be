// The edit line: buffer, cursor and the bytes that keep the screen in step. Appending at the end
// echoes the character verbatim (scrapli waits for the exact echo); only edits inside the line
// use cursor movement, computed for the window width so wrapped lines repaint correctly.
import { BEEP } from './messages';

export const MAX_LINE = 510;

export class LineEditor {
  buf = '';
  cur = 0;
  width: number;
  private promptLen = 0;
  // Physical cursor, relative to the first row of the prompt. `pending`: the terminal is in the
  // deferred-wrap state after writing the last column.
  private row = 0;
  private col = 0;
  private pending = false;

  constructor(
    private out: (s: string) => void,
    width: number,
    private echo: boolean,
  ) {
    this.width = Math.max(width, 8);
  }

  /** Starts a fresh line after `prompt` (the cursor must be at column 0). */
  begin(prompt: string, text = ''): void {
    this.buf = text;
    this.cur = text.length;
    this.promptLen = prompt.length;
    this.row = 0;
    this.col = 0;
    this.pending = false;
    this.emit(prompt + text);
  }

  private emit(text: string): void {
    if (!this.echo || text === '') return;
    this.out(text);
    this.track(text);
  }

  /** Follows the terminal's cursor over `text` written at it. */
  private track(text: string): void {
    for (let i = 0; i < text.length; i++) {
      if (this.pending) {
        this.row++;
        this.col = 0;
        this.pending = false;
      }
      if (++this.col === this.width) {
        this.col = this.width - 1;
        this.pending = true;
      }
    }
  }

  private ctl(s: string): void {
    if (this.echo) this.out(s);
  }

  private moveTo(index: number): void {
    const p = this.promptLen + index;
    const r = Math.floor(p / this.width);
    const c = p % this.width;
    if (index === this.buf.length && c === 0 && index > 0) {
      // The end of a line that fills its last row exactly: stand on the last character and rewrite
      // it, which leaves the terminal in the same deferred-wrap state as typing it did.
      this.moveRC(r - 1, this.width - 1);
      this.emit(this.buf[index - 1]);
      return;
    }
    this.moveRC(r, c);
  }

  private moveRC(r: number, c: number): void {
    const dr = r - this.row;
    // Standing on the last column in deferred-wrap state: step off and back to clear the state.
    if (this.pending && dr === 0 && c === this.col) this.ctl('\b\x1b[C');
    if (dr < 0) this.ctl(`\x1b[${-dr}A`);
    else if (dr > 0) this.ctl(`\x1b[${dr}B`);
    if (c === 0 && this.col !== 0) this.ctl('\r');
    else if (c < this.col) this.ctl(c === this.col - 1 ? '\b' : `\x1b[${this.col - c}D`);
    else if (c > this.col) this.ctl(`\x1b[${c - this.col}C`);
    this.row = r;
    this.col = c;
    this.pending = false;
  }

  /** Rewrites from `from` to the end, clears what is left of a longer old line, parks at `cur`. */
  private repaint(from: number, oldLen: number): void {
    this.moveTo(from);
    this.emit(this.buf.slice(from));
    if (oldLen > this.buf.length) {
      if (this.pending) {
        this.emit(' ');
        this.ctl('\r');
        this.col = 0;
      }
      this.ctl('\x1b[J');
    }
    this.moveTo(this.cur);
  }

  insert(ch: string): boolean {
    if (this.buf.length >= MAX_LINE) {
      this.ctl(BEEP);
      return false;
    }
    if (this.cur === this.buf.length) {
      this.buf += ch;
      this.cur++;
      this.emit(ch);
      return true;
    }
    const at = this.cur;
    this.buf = this.buf.slice(0, at) + ch + this.buf.slice(at);
    this.cur++;
    this.repaint(at, this.buf.length - 1);
    return true;
  }

  /**
   * How many characters typed now would only be appended and echoed verbatim (what echo ahead may
   * echo for us): the cursor is at the end, and the line has room before the beep.
   */
  appendRoom(): number {
    return this.echo && this.cur === this.buf.length ? MAX_LINE - this.buf.length : 0;
  }

  /** `insert` at the end of the line for a character the terminal already shows (echo ahead). */
  appendEchoed(ch: string): void {
    this.buf += ch;
    this.cur++;
    this.track(ch);
  }

  /** Deletes [from, to) and leaves the cursor at `from`. */
  deleteRange(from: number, to: number): void {
    if (to <= from) return;
    const old = this.buf.length;
    this.buf = this.buf.slice(0, from) + this.buf.slice(to);
    const start = Math.min(this.cur, from);
    this.cur = from;
    this.repaint(start, old);
  }

  setCursor(index: number): void {
    const i = Math.max(0, Math.min(index, this.buf.length));
    if (i === this.cur) return;
    this.cur = i;
    this.moveTo(i);
  }

  /** Replaces the whole line (history recall, completion) with the cursor at its end. */
  replace(text: string): void {
    const old = this.buf.length;
    let same = 0;
    while (same < text.length && same < old && text[same] === this.buf[same]) same++;
    this.buf = text;
    this.cur = text.length;
    this.repaint(same, old);
  }

  wordLeft(): number {
    let i = this.cur;
    while (i > 0 && this.buf[i - 1] === ' ') i--;
    while (i > 0 && this.buf[i - 1] !== ' ') i--;
    return i;
  }

  wordRight(): number {
    let i = this.cur;
    while (i < this.buf.length && this.buf[i] === ' ') i++;
    while (i < this.buf.length && this.buf[i] !== ' ') i++;
    return i;
  }

  beep(): void {
    this.ctl(BEEP);
  }
}
