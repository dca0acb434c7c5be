// Questions a handler asks (io.ask / io.confirm): the answer is typed on its own line, echoed or
// not, while the engine routes keys here instead of to the edit line.
import { AbortError } from './context';
import { MAX_LINE } from './editor';
import type { Key } from './keys';
import { YN_AGAIN } from './messages';

interface Asker {
  echo: boolean;
  buf: string;
  resolve(s: string): void;
  reject(e: Error): void;
}

export class Prompter {
  private asker?: Asker;

  constructor(
    private readonly out: (s: string) => void,
    private readonly interactive: boolean,
  ) {}

  /** A question waits for its answer. */
  get waiting(): boolean {
    return this.asker !== undefined;
  }

  /** Shows `prompt`; resolves with the line typed after it, rejects with AbortError on Ctrl+C. */
  ask(prompt: string, echo: boolean): Promise<string> {
    this.out(prompt);
    return new Promise<string>((resolve, reject) => {
      this.asker = { echo, buf: '', resolve, reject };
    });
  }

  key(key: Key): void {
    const a = this.asker!;
    if (key.k === 'char') {
      if (a.buf.length < MAX_LINE) {
        a.buf += key.ch;
        if (a.echo && this.interactive) this.out(key.ch);
      }
    } else if (key.k === 'enter') {
      // Also without echo: whatever prints next starts on its own line.
      this.out('\r\n');
      this.finish(undefined, a.buf);
    } else if (key.k === 'ctrl' && (key.code === 0x08 || key.code === 0x7f)) {
      if (a.buf.length) {
        a.buf = a.buf.slice(0, -1);
        if (a.echo && this.interactive) this.out('\b \b');
      }
    } else if (key.k === 'ctrl' && key.code === 0x03) {
      this.out('\r\n');
      this.finish(new AbortError());
    }
  }

  /** Input ended inside an answer: an unterminated last line still counts, nothing at all aborts. */
  inputEnded(): void {
    if (!this.asker) return;
    if (this.asker.buf !== '') this.finish(undefined, this.asker.buf);
    else this.finish(new AbortError());
  }

  private finish(err: Error | undefined, value = ''): void {
    const a = this.asker;
    this.asker = undefined;
    if (!a) return;
    if (err) a.reject(err);
    else a.resolve(value);
  }
}

/** Asks `question [Y/N]:` until the answer is yes or no (Enter alone asks again, as Comware does). */
export async function confirm(ask: (question: string) => Promise<string>, question: string): Promise<boolean> {
  let q = /\[Y\/N\]:$/.test(question) ? question : `${question} [Y/N]:`;
  for (;;) {
    const a = (await ask(q)).trim().toLowerCase();
    if (a === 'y' || a === 'yes') return true;
    if (a === 'n' || a === 'no') return false;
    q = YN_AGAIN;
  }
}
