// The CLI engine: bytes in (`feed`), bytes out (`write`). Owns the view stack, the edit line,
// history, help, completion, paging and the order in which typed-ahead lines run.
import { StringDecoder } from 'node:string_decoder';
import { AbortError, CommandContext, CommandError, Handler } from './context';
import { LineEditor, MAX_LINE } from './editor';
import { Key, nextKey } from './keys';
import { completions, matchLine, MatchOutcome, nextAfter, OutputFilter, tokenize, visibleCommands } from './matcher';
import { errorLines, fullHelpLines, partialHelpLines, YN_AGAIN } from './messages';
import { Pager } from './pager';
import { renderPrompt } from './prompt';
import type { CompiledCommand, CompiledView, Tree } from './tree-types';

export interface SessionOptions {
  userName: string;
  level: number;
  /** `aux 0` for the console, `vty N` for SSH sessions. */
  userInterface: string;
  /** false: exec channels and piped input — no prompt, no echo, no paging. */
  interactive: boolean;
  width?: number;
  height?: number;
  /** Lines per page (user-interface `screen-length`), 0 = no paging. Default 24. */
  screenLength?: number;
  /** History entries kept (user-interface `history-command max-size`). Default 10. */
  historySize?: number;
}

export interface EngineOptions<S> {
  tree: Tree;
  handlers: Readonly<Record<string, Handler<S>>>;
  services: S;
  session: SessionOptions;
  /** Initial prompt variables, e.g. `{ sysname: 'WX3000' }`. */
  vars?: Record<string, string>;
  write(data: string): void;
  /** The session ended (`quit` in user view, or input ended). Called once. */
  onExit?(): void;
  /**
   * A handler failed unexpectedly (not a CommandError); for the host's log. `line` is the typed
   * line, or the command's syntax for `secret` commands (never a password).
   */
  onError?(err: unknown, line: string): void;
}

interface ViewInstance {
  view: CompiledView;
  prompt: string;
  vars: Record<string, string>;
}

interface Asker {
  echo: boolean;
  buf: string;
  resolve(s: string): void;
  reject(e: Error): void;
}

type Mode = 'edit' | 'busy' | 'closed';

/** What the default Ctrl+G hotkey runs (shown on the line, as typed). */
const HOTKEY_CTRL_G = 'display current-configuration';

export class CliEngine<S> {
  private readonly tree: Tree;
  private readonly interactive: boolean;
  private readonly vars: Map<string, string>;
  private readonly editor: LineEditor;
  private readonly decoder = new StringDecoder('utf8');
  private sink: (s: string) => void;
  private stack: ViewInstance[];
  private level: number;
  private width: number;
  private screenLength: number;
  private historySize: number;
  private pagingDisabled = false;
  private history: string[] = [];
  private histPos = -1;
  private savedLine = '';
  private tab?: { words: string[]; i: number; base: string };
  private input = '';
  private mode: Mode = 'edit';
  private started = false;
  private swallowLF = false;
  private inputEnded = false;
  private ending = false;
  private noInput = false;
  private pager?: Pager;
  private abort?: AbortController;
  private asker?: Asker;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: EngineOptions<S>) {
    const s = opts.session;
    this.tree = opts.tree;
    this.interactive = s.interactive;
    this.level = s.level;
    this.width = s.width ?? 80;
    this.screenLength = s.screenLength ?? 24;
    this.historySize = s.historySize ?? 10;
    this.vars = new Map(Object.entries(opts.vars ?? {}));
    this.sink = opts.write;
    for (const name of this.tree.handlerNames) {
      if (typeof opts.handlers[name] !== 'function') throw new Error(`cli-tree names handler '${name}' that does not exist`);
    }
    const user = this.tree.views.get('user')!;
    this.stack = [{ view: user, prompt: user.prompt, vars: {} }];
    this.editor = new LineEditor((d) => this.out(d), this.width, this.interactive);
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
    let s = typeof data === 'string' ? data : this.decoder.write(data);
    if (this.swallowLF && s.length) {
      if (s[0] === '\n') s = s.slice(1);
      this.swallowLF = false;
    }
    this.input += s;
    this.pump();
  }

  /** No more input will come (console EOF): finish queued lines, then end the session. */
  end(): void {
    this.inputEnded = true;
    this.pump();
  }

  resize(cols: number, rows: number): void {
    this.width = Math.max(cols, 8);
    void rows; // paging follows screen-length (§5), not the window height
    this.editor.width = this.width;
  }

  /** An asynchronous message (e.g. from another session): printed above the prompt, line kept. */
  notify(text: string): void {
    if (this.mode === 'closed') return;
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
      ok = await this.execute(line);
    } finally {
      this.sink = saved;
      this.noInput = false;
      this.mode = 'edit';
    }
    if (this.ending) this.close();
    this.wakeIdle();
    return { output: chunks.join(''), ok };
  }

  /** Resolves when every byte fed so far has been processed (or the session ended). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** A session variable handlers set (`sysname`, `terminal-monitor`, ...), for the host. */
  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }

  get currentPrompt(): string {
    return this.prompt();
  }

  get currentView(): string {
    return this.top().view.name;
  }

  get currentLevel(): number {
    return this.level;
  }

  get closed(): boolean {
    return this.mode === 'closed';
  }

  // ---- input ------------------------------------------------------------------------------

  /** Nothing fed is left to process: at the prompt, or waiting for an answer or a key at More. */
  private isIdle(): boolean {
    if (this.mode === 'closed' || !this.started) return true;
    // A partial escape sequence waits for its next bytes: that is processed as far as it can be.
    if (this.input !== '' && nextKey(this.input, 0) !== undefined) return false;
    return this.mode === 'edit' || this.asker !== undefined || this.pager?.isWaiting === true;
  }

  /** The edit line as it stands (for hosts and tests). */
  get line(): string {
    return this.editor.buf;
  }

  /** The cursor's index in the edit line. */
  get cursor(): number {
    return this.editor.cur;
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const cb of w) cb();
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
        if (this.pager?.isWaiting) {
          const key = this.takeKey();
          if (!key) break;
          this.pager.key(pagerKey(key));
        } else if (this.asker) {
          const key = this.takeKey();
          if (!key) break;
          this.askKey(key);
        } else {
          // Type-ahead waits for the running command, except Ctrl+C, which stops it.
          const i = this.input.lastIndexOf('\x03');
          if (i >= 0) {
            this.input = this.input.slice(i + 1);
            this.abort?.abort();
          }
          break;
        }
        continue;
      }
      const key = this.takeKey();
      if (!key) break;
      this.editKey(key);
    }
    if (this.asker && this.inputEnded && this.input === '') {
      // Input ended inside an answer: an unterminated last line still counts, nothing at all aborts.
      if (this.asker.buf !== '') this.finishAsk(undefined, this.asker.buf);
      else this.finishAsk(new AbortError());
    }
    if (this.mode === 'edit' && this.inputEnded && this.input === '') {
      if (this.editor.buf !== '' && !this.interactive) this.submit();
      else this.close();
    }
    this.wakeIdle();
  }

  private editKey(key: Key): void {
    const ed = this.editor;
    if (!(key.k === 'ctrl' && key.code === 0x09)) this.tab = undefined;
    switch (key.k) {
      case 'char':
        if (key.ch === '?' && this.interactive) this.help();
        else if (key.ch.charCodeAt(0) < 0x7f) ed.insert(key.ch);
        return;
      case 'enter':
        this.submit();
        return;
      case 'left':
        return ed.setCursor(ed.cur - 1);
      case 'right':
        return ed.setCursor(ed.cur + 1);
      case 'home':
        return ed.setCursor(0);
      case 'end':
        return ed.setCursor(ed.buf.length);
      case 'delete':
        return ed.deleteRange(ed.cur, ed.cur + 1);
      case 'up':
        return this.historyStep(-1);
      case 'down':
        return this.historyStep(1);
      case 'esc':
        if (key.ch === 'b') ed.setCursor(ed.wordLeft());
        else if (key.ch === 'f') ed.setCursor(ed.wordRight());
        else if (key.ch === 'd') ed.deleteRange(ed.cur, ed.wordRight());
        return;
      case 'ignore':
        return;
      case 'ctrl':
        return this.ctrlKey(key.code);
    }
  }

  private ctrlKey(code: number): void {
    const ed = this.editor;
    switch (code) {
      case 0x01: return ed.setCursor(0); // Ctrl+A
      case 0x05: return ed.setCursor(ed.buf.length); // Ctrl+E
      case 0x02: return ed.setCursor(ed.cur - 1); // Ctrl+B
      case 0x06: return ed.setCursor(ed.cur + 1); // Ctrl+F
      case 0x04: return ed.deleteRange(ed.cur, ed.cur + 1); // Ctrl+D
      case 0x08: case 0x7f: return ed.deleteRange(Math.max(0, ed.cur - 1), ed.cur); // Backspace, Ctrl+H
      case 0x17: return ed.deleteRange(ed.wordLeft(), ed.cur); // Ctrl+W
      case 0x18: return ed.deleteRange(0, ed.cur); // Ctrl+X
      case 0x19: return ed.deleteRange(ed.cur, ed.buf.length); // Ctrl+Y
      case 0x10: return this.historyStep(-1); // Ctrl+P
      case 0x0e: return this.historyStep(1); // Ctrl+N
      case 0x12: return this.redisplay(); // Ctrl+R
      case 0x09: // Tab
        if (this.interactive) this.complete();
        else ed.insert(' ');
        return;
      case 0x03: // Ctrl+C: abandon the line
        this.histPos = -1;
        this.out(this.interactive ? '\r\n' : '');
        this.printPrompt();
        return;
      case 0x1a: // Ctrl+Z = return
        this.histPos = -1;
        if (this.stack.length > 1) this.stack.length = 1;
        this.out(this.interactive ? '\r\n' : '');
        this.printPrompt();
        return;
      case 0x07: // Ctrl+G, the default hotkey: `display current-configuration` (§2.4)
        if (!this.interactive) return;
        this.editor.replace(HOTKEY_CTRL_G);
        return this.submit();
      default:
        return; // Ctrl+K, Ctrl+U, Ctrl+L/O (their commands do not exist here) and the rest: no-ops (§2.4)
    }
  }

  private redisplay(): void {
    const { buf, cur } = this.editor;
    this.out('\r\n');
    this.editor.begin(this.prompt(), buf);
    this.editor.setCursor(cur);
  }

  private historyStep(dir: -1 | 1): void {
    if (dir < 0) {
      if (this.history.length === 0 || this.histPos === 0) return this.editor.beep();
      if (this.histPos === -1) {
        this.savedLine = this.editor.buf;
        this.histPos = this.history.length - 1;
      } else this.histPos--;
      this.editor.replace(this.history[this.histPos]);
    } else {
      if (this.histPos === -1) return;
      this.histPos++;
      if (this.histPos >= this.history.length) {
        this.histPos = -1;
        this.editor.replace(this.savedLine);
      } else this.editor.replace(this.history[this.histPos]);
    }
  }

  private askKey(key: Key): void {
    const a = this.asker!;
    if (key.k === 'char') {
      if (a.buf.length < MAX_LINE) {
        a.buf += key.ch;
        if (a.echo && this.interactive) this.out(key.ch);
      }
    } else if (key.k === 'enter') {
      // Also without echo: whatever prints next starts on its own line.
      this.out('\r\n');
      this.finishAsk(undefined, a.buf);
    } else if (key.k === 'ctrl' && (key.code === 0x08 || key.code === 0x7f)) {
      if (a.buf.length) {
        a.buf = a.buf.slice(0, -1);
        if (a.echo && this.interactive) this.out('\b \b');
      }
    } else if (key.k === 'ctrl' && key.code === 0x03) {
      this.out('\r\n');
      this.finishAsk(new AbortError());
    }
  }

  private finishAsk(err: Error | undefined, value = ''): void {
    const a = this.asker;
    this.asker = undefined;
    if (!a) return;
    if (err) a.reject(err);
    else a.resolve(value);
  }

  // ---- help and completion -----------------------------------------------------------------

  private help(): void {
    const ed = this.editor;
    const before = ed.buf.slice(0, ed.cur);
    const { buf, cur } = ed;
    this.out('?\r\n');
    const cands = visibleCommands(this.tree, this.top().view, this.level);
    const tokens = tokenize(before);
    const promptLen = this.prompt().length;
    let lines: string[];
    if (before === '' || /[ \t]$/.test(before)) {
      const r = nextAfter(before, tokens, cands);
      if (!r.ok) lines = errorLines(r.kind, promptLen + r.column);
      else {
        lines = fullHelpLines(r.next);
        if (tokens.length === 0) lines.unshift(this.top().view.helpHeader);
      }
    } else {
      const last = tokens.pop()!;
      const r = nextAfter(before, tokens, cands);
      if (!r.ok) lines = errorLines(r.kind, promptLen + r.column);
      else {
        const next = r.next;
        const p = last.text.toLowerCase();
        const words = [...next.keywords.keys()].filter((k) => k.startsWith(p)).sort();
        if (words.length) lines = partialHelpLines(words);
        else if (next.params.length) lines = fullHelpLines({ keywords: new Map(), params: next.params, cr: false, pipe: false });
        else lines = errorLines('unrecognized', promptLen + last.start);
      }
    }
    this.out(lines.map((l) => l + '\r\n').join(''));
    ed.begin(this.prompt(), buf);
    ed.setCursor(cur);
  }

  private complete(): void {
    const ed = this.editor;
    if (this.tab) {
      const t = this.tab;
      t.i = (t.i + 1) % t.words.length;
      ed.replace(t.base + t.words[t.i]);
      return;
    }
    ed.setCursor(ed.buf.length);
    const line = ed.buf;
    const tokens = tokenize(line);
    const last = line === '' || /[ \t]$/.test(line) ? undefined : tokens.pop();
    const r = last ? nextAfter(line, tokens, visibleCommands(this.tree, this.top().view, this.level)) : undefined;
    const words = last && r?.ok ? completions(r.next, last.text) : [];
    if (!last || words.length === 0) {
      this.redisplay();
      return;
    }
    const base = line.slice(0, last.start);
    if (words.length === 1) {
      ed.replace(base + words[0] + ' ');
      return;
    }
    this.tab = { words, i: 0, base };
    ed.replace(base + words[0]);
  }

  // ---- running lines -----------------------------------------------------------------------

  private submit(): void {
    const line = this.editor.buf;
    this.histPos = -1;
    if (this.interactive) this.out('\r\n');
    this.mode = 'busy';
    void this.execute(line).then(
      () => this.afterCommand(),
      (err: unknown) => {
        // Only the first word: the line might carry a password.
        this.opts.onError?.(err, line.trim().split(/\s/)[0] ?? '');
        this.afterCommand();
      },
    );
  }

  private afterCommand(): void {
    if (this.ending) {
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

  private remember(line: string): boolean {
    const entry = line.trim();
    if (this.historySize <= 0 || this.history[this.history.length - 1] === entry) return false;
    this.history.push(entry);
    if (this.history.length > this.historySize) this.history.shift();
    return true;
  }

  /** Runs one line; false for a syntax error, a CommandError, an abort or a handler crash. */
  private async execute(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return true;
    const top = this.top();
    let res = matchLine(line, visibleCommands(this.tree, top.view, this.level));
    if (!res.ok && top.view.lines) res = this.dataLine(top.view.lines);
    if (!res.ok) {
      const col = (this.interactive ? this.prompt().length : 0) + res.column;
      this.out(errorLines(res.kind, col).map((l) => l + '\r\n').join(''));
      return false;
    }
    const { cand, args, keywords, filter } = res.matched;
    const cmd = cand.cmd;
    const added = !cmd.secret && this.remember(line);
    if (cand.fallthrough) this.popTo(top.view.fallthrough!);
    const abort = new AbortController();
    this.abort = abort;
    const rows = this.interactive && !this.pagingDisabled ? this.screenLength : 0;
    const pager = new Pager((d) => this.out(d), rows, this.width, () => abort.abort(), () => this.wakeIdle());
    this.pager = pager;
    const ctx = this.context(line, args, keywords, cmd.undo, lineSink(pager, filter), abort.signal);
    let ok = true;
    try {
      await this.opts.handlers[cmd.handler](ctx);
      if (cmd.enters && !abort.signal.aborted) {
        const view = this.tree.views.get(cmd.enters.view)!;
        const vars: Record<string, string> = {};
        for (const [k, v] of Object.entries(args)) vars[k] = String(v);
        this.stack.push({ view, prompt: cmd.enters.prompt ?? view.prompt, vars });
      }
    } catch (err) {
      ok = false;
      if (added) this.history.pop();
      if (err instanceof CommandError) pager.push(err.message);
      else if (!(err instanceof AbortError)) {
        this.opts.onError?.(err, cmd.secret ? cmd.syntax : line);
        pager.push('% Failed to execute the command.');
      }
    }
    await pager.drained();
    this.pager = undefined;
    this.abort = undefined;
    return ok;
  }

  /** A line of a data view (cli-tree `lines:`): runs that handler with ctx.line, kept out of the history. */
  private dataLine(handler: string): MatchOutcome {
    const cmd: CompiledCommand = { id: -1, syntax: '', level: 0, handler, undo: false, secret: true, filter: false, nodes: [], start: 0, accept: 0 };
    return { ok: true, matched: { cand: { cmd, fallthrough: false }, args: {}, keywords: [] } };
  }

  private context(
    line: string,
    args: Record<string, string | number>,
    keywords: string[],
    undo: boolean,
    sink: LineSink,
    signal: AbortSignal,
  ): CommandContext<S> {
    const pager = sink.pager;
    const top = this.top();
    const engine = this;
    return {
      args,
      keywords: new Set(keywords),
      undo,
      line,
      services: this.opts.services,
      signal,
      view: { name: top.view.name, section: top.view.section, vars: top.vars },
      session: {
        userName: this.opts.session.userName,
        userInterface: this.opts.session.userInterface,
        interactive: this.interactive,
        get level() {
          return engine.level;
        },
        setLevel: (l: number) => {
          this.level = l;
        },
        setPagingDisabled: (d: boolean) => {
          this.pagingDisabled = d;
        },
        history: () => [...this.history],
      },
      io: {
        print: (text: string) => {
          for (const l of text.replace(/\r/g, '').split('\n')) sink.push(l);
        },
        ask: (prompt, o) => this.ask(pager, prompt, o?.echo ?? true),
        confirm: async (question) => {
          let q = /\[Y\/N\]:$/.test(question) ? question : `${question} [Y/N]:`;
          for (;;) {
            const a = (await this.ask(pager, q, true)).trim().toLowerCase();
            if (a === 'y' || a === 'yes') return true;
            if (a === 'n' || a === 'no') return false;
            q = YN_AGAIN;
          }
        },
      },
      getVar: (name) => this.vars.get(name),
      setVar: (name, value) => void this.vars.set(name, value),
      exitView: () => this.exitView(),
      returnToUser: () => {
        this.stack.length = 1;
      },
      endSession: () => {
        this.ending = true;
      },
    };
  }

  private async ask(pager: Pager, prompt: string, echo: boolean): Promise<string> {
    await pager.drained();
    if (this.noInput || (this.inputEnded && this.input === '')) throw new AbortError();
    this.out(prompt);
    return new Promise<string>((resolve, reject) => {
      this.asker = { echo, buf: '', resolve, reject };
      queueMicrotask(() => this.pump());
    });
  }

  // ---- views -------------------------------------------------------------------------------

  private top(): ViewInstance {
    return this.stack[this.stack.length - 1];
  }

  private popTo(view: string): void {
    const i = this.stack.map((s) => s.view.name).lastIndexOf(view);
    if (i >= 0) this.stack.length = i + 1;
  }

  private exitView(): void {
    if (this.stack.length === 1) {
      this.ending = true;
      return;
    }
    const parent = this.top().view.parent;
    this.stack.pop();
    while (this.stack.length > 1 && parent && this.top().view.name !== parent) this.stack.pop();
  }

  private prompt(): string {
    const t = this.top();
    return renderPrompt(t.prompt, (name) => t.vars[name] ?? this.vars.get(name));
  }

  private printPrompt(): void {
    this.editor.begin(this.interactive ? this.prompt() : '');
  }

  private out(s: string): void {
    if (s) this.sink(s);
  }
}

interface LineSink {
  pager: Pager;
  push(line: string): void;
}

/** Handler output on its way to the pager, through the line's `| begin/include/exclude` filter. */
function lineSink(pager: Pager, filter: OutputFilter | undefined): LineSink {
  if (!filter) return { pager, push: (l) => pager.push(l) };
  let begun = false;
  return {
    pager,
    push(l) {
      const hit = filter.regex.test(l);
      if (filter.kind === 'include' ? hit : filter.kind === 'exclude' ? !hit : (begun ||= hit)) pager.push(l);
    },
  };
}

function pagerKey(key: Key): 'space' | 'enter' | 'stop' | 'other' {
  if (key.k === 'enter') return 'enter';
  if (key.k === 'char') return key.ch === ' ' ? 'space' : key.ch === 'q' || key.ch === 'Q' ? 'stop' : 'other';
  if (key.k === 'ctrl' && key.code === 0x03) return 'stop';
  return 'other';
}
