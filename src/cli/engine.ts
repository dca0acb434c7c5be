// The CLI engine: bytes in (`feed`), bytes out (`write`). It pumps input in the order it came,
// switching between the edit line, a running command (type-ahead waits), a handler's question
// and the More prompt; the parts live next door: keymap, history, assist (help and Tab),
// prompter (questions), dispatch (running a line), view-stack (views and the prompt).
import { StringDecoder } from 'node:string_decoder';
import { Assist } from './assist';
import { NoAnswerError, RawTerminal } from './context';
import { Dispatcher } from './dispatch';
import { LineEditor } from './editor';
import { History } from './history';
import { Key, nextKey } from './keys';
import { EditActions, editKey, isTab, pagerKey } from './keymap';
import type { EngineOptions } from './options';
import { Prompter } from './prompter';
import { ViewStack } from './view-stack';

type Mode = 'edit' | 'busy' | 'closed';

/** A command holding the terminal: where keys and window sizes go until it releases it. */
interface Relay {
  input?: (data: string) => void;
  resize?: (cols: number, rows: number) => void;
  /** Keys that came before the command listened. */
  early: string;
  /** Messages (send, terminal monitor) that came meanwhile. */
  held: string[];
}

export class CliEngine<S> {
  private readonly interactive: boolean;
  private readonly vars: Map<string, string>;
  private readonly editor: LineEditor;
  private readonly decoder = new StringDecoder('utf8');
  private readonly views: ViewStack;
  private readonly history: History;
  private readonly prompter: Prompter;
  private readonly assist: Assist;
  private readonly dispatch: Dispatcher<S>;
  private readonly actions: EditActions;
  private sink: (s: string) => void;
  private width: number;
  private height: number;
  private relay?: Relay;
  private input = '';
  private mode: Mode = 'edit';
  private started = false;
  private swallowLF = false;
  /** The last byte fed was ASCII, so the UTF-8 decoder holds nothing back. */
  private decoderEmpty = true;
  private inputEnded = false;
  private noInput = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: EngineOptions<S>) {
    const s = opts.session;
    for (const name of opts.tree.handlerNames) {
      if (typeof opts.handlers[name] !== 'function') throw new Error(`cli-tree names handler '${name}' that does not exist`);
    }
    this.interactive = s.interactive;
    this.width = s.width ?? 80;
    this.height = s.height ?? 24;
    this.vars = new Map(Object.entries(opts.vars ?? {}));
    this.sink = opts.write;
    const out = (d: string): void => this.out(d);
    this.editor = new LineEditor(out, this.width, this.interactive);
    this.views = new ViewStack(opts.tree, this.vars);
    this.history = new History(s.historySize ?? 10);
    this.prompter = new Prompter(out, this.interactive);
    this.assist = new Assist(opts.tree, this.editor, out);
    this.dispatch = new Dispatcher(opts, this.views, this.history, this.vars, {
      interactive: this.interactive,
      width: () => this.width,
      out,
      wakeIdle: () => this.wakeIdle(),
      ask: (prompt, echo) => this.ask(prompt, echo),
      terminal: () => this.lendTerminal(),
    });
    this.actions = {
      interactive: this.interactive,
      help: () => this.assist.help(this.views.top.view, this.dispatch.level, this.prompt()),
      complete: () => {
        if (!this.assist.complete(this.views.top.view, this.dispatch.level)) this.redisplay();
      },
      submit: () => this.submit(),
      history: (dir) => this.historyStep(dir),
      redisplay: () => this.redisplay(),
      abandon: (toUser) => {
        this.history.reset();
        if (toUser) this.views.toUser();
        this.out(this.interactive ? '\r\n' : '');
        this.printPrompt();
      },
    };
  }

  // ---- host API ----------------------------------------------------------------------------

  /** Prints the first prompt and starts reading input. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.printPrompt();
    this.pump();
  }

  feed(data: string | Buffer): void {
    if (this.mode === 'closed') return;
    if (typeof data !== 'string' && data.length) this.decoderEmpty = data[data.length - 1] < 0x80;
    let s = typeof data === 'string' ? data : this.decoder.write(data);
    if (this.relay) {
      this.relayInput(this.relay, s);
      return;
    }
    if (this.swallowLF && s.length) {
      if (s[0] === '\n') s = s.slice(1);
      this.swallowLF = false;
    }
    this.input += s;
    this.pump();
  }

  /**
   * How many printable ASCII characters (not `?`), typed now, would each be appended to the line and
   * echoed as they are, with nothing else written: the host may echo that many itself (echo ahead)
   * and hand them over with `feedEchoed`. 0 when anything else would happen.
   */
  echoRoom(): number {
    if (this.mode !== 'edit' || !this.interactive || !this.started || this.inputEnded) return 0;
    if (this.input !== '' || !this.decoderEmpty) return 0;
    return this.editor.appendRoom();
  }

  /** A character the host has already echoed, within `echoRoom`: what `feed` would do, without the echo. */
  feedEchoed(ch: string): void {
    if (this.echoRoom() === 0) return this.feed(ch); // not expected; better an echo too many than a lost character
    this.swallowLF = false;
    this.assist.endCycle();
    this.editor.appendEchoed(ch);
    this.wakeIdle();
  }

  /** No more input will come (console EOF): finish queued lines, then end the session. */
  end(): void {
    this.inputEnded = true;
    this.pump();
  }

  resize(cols: number, rows: number): void {
    this.width = Math.max(cols, 8);
    // Paging follows screen-length (§5), not the window height; a relayed session wants both.
    this.height = Math.max(rows, 1);
    this.editor.width = this.width;
    this.relay?.resize?.(this.width, this.height);
  }

  /** An asynchronous message (e.g. from another session): printed above the prompt, line kept. */
  notify(text: string): void {
    if (this.mode === 'closed') return;
    // A relayed remote screen is not ours to write into: the message waits for the terminal's return.
    if (this.relay) {
      this.relay.held.push(text);
      return;
    }
    const body = text.replace(/\r?\n$/, '').split(/\r?\n/).join('\r\n') + '\r\n';
    if (this.mode === 'edit' && this.interactive && this.started) {
      const { buf, cur } = this.editor;
      // From the end of the line, so a wrapped line's last rows are not overwritten.
      this.editor.setCursor(buf.length);
      this.out('\r\n' + body);
      this.editor.begin(this.prompt(), buf);
      this.editor.setCursor(cur);
    } else {
      this.out(body);
    }
  }

  /** One command line without prompt, echo or paging (exec channels). */
  async runLine(line: string): Promise<{ output: string; ok: boolean }> {
    await this.idle();
    if (this.mode === 'closed') return { output: '', ok: false };
    const chunks: string[] = [];
    const saved = this.sink;
    this.sink = (s) => chunks.push(s);
    this.noInput = true;
    this.mode = 'busy';
    let ok = false;
    try {
      ok = await this.dispatch.execute(line);
    } finally {
      this.sink = saved;
      this.noInput = false;
      this.mode = 'edit';
    }
    if (this.dispatch.ending) this.close();
    this.wakeIdle();
    return { output: chunks.join(''), ok };
  }

  /** Resolves when every byte fed so far has been processed (or the session ended). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The host sets a session variable (the device renamed elsewhere): the next prompt shows it. */
  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  /** A session variable handlers set (`sysname`, `terminal-monitor`, ...), for the host. */
  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }

  get currentPrompt(): string {
    return this.prompt();
  }

  get currentView(): string {
    return this.views.top.view.name;
  }

  get currentLevel(): number {
    return this.dispatch.level;
  }

  /** The host's word that the account's level changed (an administrator re-levelled a logged-in user). */
  setLevel(level: number): void {
    this.dispatch.level = level;
  }

  /** The edit line as it stands (for hosts and tests). */
  get line(): string {
    return this.editor.buf;
  }

  /** The cursor's index in the edit line. */
  get cursor(): number {
    return this.editor.cur;
  }

  /** The commands kept in the history, oldest first. */
  get historyLines(): string[] {
    return this.history.list();
  }

  // ---- input ------------------------------------------------------------------------------

  /** Nothing fed is left to process: at the prompt, or waiting for an answer or a key at More. */
  private isIdle(): boolean {
    if (this.mode === 'closed' || !this.started || this.relay) return true;
    // A partial escape sequence waits for its next bytes: that is processed as far as it can be.
    if (this.input !== '' && nextKey(this.input, 0) !== undefined) return false;
    return this.mode === 'edit' || this.prompter.waiting || this.dispatch.pager?.isWaiting === true;
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const cb of w) cb();
    this.opts.onIdle?.();
  }

  private takeKey(): Key | undefined {
    const r = nextKey(this.input, 0);
    if (!r) return undefined;
    if (r.key.k === 'enter' && r.len === 1 && this.input[0] === '\r' && this.input.length === 1) this.swallowLF = true;
    this.input = this.input.slice(r.len);
    return r.key;
  }

  private pump(): void {
    if (!this.started) return;
    while (this.input.length && this.mode !== 'closed') {
      if (this.mode === 'busy') {
        const pager = this.dispatch.pager;
        if (pager?.isWaiting) {
          const key = this.takeKey();
          if (!key) break;
          pager.key(pagerKey(key));
        } else if (this.prompter.waiting) {
          const key = this.takeKey();
          if (!key) break;
          this.prompter.key(key);
        } else {
          // Type-ahead waits for the running command, except Ctrl+C, which stops it, and Ctrl+K,
          // Comware's key for aborting an outgoing connection (ssh2, sftp) while it is set up.
          const i = Math.max(this.input.lastIndexOf('\x03'), this.input.lastIndexOf('\x0b'));
          if (i >= 0) {
            this.input = this.input.slice(i + 1);
            this.dispatch.stop();
          }
          break;
        }
        continue;
      }
      const key = this.takeKey();
      if (!key) break;
      if (!isTab(key)) this.assist.endCycle();
      editKey(key, this.editor, this.actions);
    }
    if (this.inputEnded && this.input === '') {
      if (this.prompter.waiting) this.prompter.inputEnded();
      if (this.mode === 'edit') {
        if (this.editor.buf !== '' && !this.interactive) this.submit();
        else this.close();
      }
    }
    this.wakeIdle();
  }

  private redisplay(): void {
    const { buf, cur } = this.editor;
    this.out('\r\n');
    this.editor.begin(this.prompt(), buf);
    this.editor.setCursor(cur);
  }

  private historyStep(dir: -1 | 1): void {
    const line = dir < 0 ? this.history.older(this.editor.buf) : this.history.newer();
    if (line !== undefined) this.editor.replace(line);
    else if (dir < 0) this.editor.beep();
  }

  private async ask(prompt: string, echo: boolean): Promise<string> {
    if (this.noInput || (this.inputEnded && this.input === '')) throw new NoAnswerError();
    const answer = this.prompter.ask(prompt, echo);
    queueMicrotask(() => this.pump());
    return answer;
  }

  private relayInput(relay: Relay, data: string): void {
    if (relay.input) relay.input(data);
    else relay.early += data;
  }

  /** The running command takes the keys: type-ahead included, since it was typed for the remote side. */
  private lendTerminal(): RawTerminal {
    const relay: Relay = { early: this.input, held: [] };
    this.input = '';
    this.relay = relay;
    this.wakeIdle();
    const self = this;
    return {
      get cols() {
        return self.width;
      },
      get rows() {
        return self.height;
      },
      write: (d) => this.out(d),
      onInput: (cb) => {
        relay.input = cb;
        const early = relay.early;
        relay.early = '';
        if (early) cb(early);
      },
      onResize: (cb) => (relay.resize = cb),
      release: () => {
        if (this.relay !== relay) return;
        this.relay = undefined;
        for (const text of relay.held) this.notify(text);
      },
    };
  }

  // ---- running lines -----------------------------------------------------------------------

  private submit(): void {
    const line = this.editor.buf;
    this.history.reset();
    if (this.interactive) this.out('\r\n');
    this.mode = 'busy';
    void this.dispatch.execute(line).then(
      () => this.afterCommand(),
      (err: unknown) => {
        // Only the first word: the line might carry a password.
        this.opts.onError?.(err, line.trim().split(/\s/)[0] ?? '');
        this.afterCommand();
      },
    );
  }

  private afterCommand(): void {
    if (this.dispatch.ending) {
      this.close();
      return;
    }
    this.mode = 'edit';
    this.printPrompt();
    this.pump();
  }

  private close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.input = '';
    this.opts.onExit?.();
    this.wakeIdle();
  }

  private prompt(): string {
    return this.views.prompt();
  }

  private printPrompt(): void {
    this.editor.begin(this.interactive ? this.prompt() : '');
  }

  private out(s: string): void {
    if (s) this.sink(s);
  }
}
