// Running one line: match it in the current view at the session's level, keep it in the history,
// page and filter its output, give the handler its context, enter the view it leads to.
import { AbortError, CommandContext, CommandError, NoAnswerError, RawTerminal } from './context';
import type { History } from './history';
import { matchLine, MatchOutcome, visibleCommands } from './matcher';
import { errorLines, noAnswer } from './messages';
import type { EngineOptions } from './options';
import { filteredSink } from './output-filter';
import { Pager } from './pager';
import { confirm } from './prompter';
import type { CompiledCommand } from './tree-types';
import type { ViewStack } from './view-stack';

/** What the dispatcher needs of the engine that runs it. */
export interface DispatchHost {
  readonly interactive: boolean;
  /** The window width now, for the pager. */
  width(): number;
  out(s: string): void;
  /** The pager waits at More: the engine is idle until a key comes. */
  wakeIdle(): void;
  /** One line typed after `prompt`; rejects with AbortError when no input can answer. */
  ask(prompt: string, echo: boolean): Promise<string>;
  /** Lends the terminal to the running command. */
  terminal(): RawTerminal;
}

export class Dispatcher<S> {
  level: number;
  /** Set by `quit` in user view and endSession(): the engine closes once the line is done. */
  ending = false;
  /** The running command's pager (keys at More go to it). */
  pager?: Pager;
  private pagingDisabled = false;
  private readonly screenLength: number;
  private abort?: AbortController;

  constructor(
    private readonly opts: EngineOptions<S>,
    private readonly views: ViewStack,
    private readonly history: History,
    private readonly vars: Map<string, string>,
    private readonly host: DispatchHost,
  ) {
    this.level = opts.session.level;
    this.screenLength = opts.session.screenLength ?? 24;
  }

  /** Ctrl+C while a command runs. */
  stop(): void {
    this.abort?.abort();
  }

  /** Runs one line; false for a syntax error, a CommandError, an abort or a handler crash. */
  async execute(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return true;
    const top = this.views.top;
    let res = matchLine(line, visibleCommands(this.opts.tree, top.view, this.level));
    if (!res.ok && top.view.lines) res = dataLine(top.view.lines);
    if (!res.ok) {
      const col = (this.host.interactive ? this.views.prompt().length : 0) + res.column;
      this.host.out(errorLines(res.kind, col).map((l) => l + '\r\n').join(''));
      return false;
    }
    const { cand, args, keywords, filter } = res.matched;
    const cmd = cand.cmd;
    const added = !cmd.secret && this.history.remember(line);
    if (cand.fallthrough) this.views.popTo(top.view.fallthrough!);
    const abort = new AbortController();
    this.abort = abort;
    const rows = this.host.interactive && !this.pagingDisabled ? this.screenLength : 0;
    const pager = new Pager(this.host.out, rows, this.host.width(), () => abort.abort(), this.host.wakeIdle);
    this.pager = pager;
    const ctx = this.context(line, args, keywords, cmd.undo, pager, filteredSink(pager, filter), abort.signal);
    let ok = true;
    try {
      await this.opts.handlers[cmd.handler](ctx);
      if (cmd.enters && !abort.signal.aborted) this.views.enter(cmd.enters, args);
    } catch (err) {
      ok = false;
      if (added) this.history.forgetLast();
      if (err instanceof CommandError) pager.push(err.message);
      else if (err instanceof NoAnswerError) pager.push(noAnswer(cmd.unattended));
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

  private context(
    line: string,
    args: Record<string, string | number>,
    keywords: string[],
    undo: boolean,
    pager: Pager,
    push: (line: string) => void,
    signal: AbortSignal,
  ): CommandContext<S> {
    const top = this.views.top;
    const session = this.opts.session;
    const self = this;
    const ask = async (prompt: string, echo: boolean): Promise<string> => {
      await pager.drained();
      return this.host.ask(prompt, echo);
    };
    return {
      args,
      keywords: new Set(keywords),
      words: keywords,
      undo,
      line,
      services: this.opts.services,
      signal,
      view: { name: top.view.name, sections: top.view.sections, vars: top.vars },
      session: {
        userName: session.userName,
        userInterface: session.userInterface,
        interactive: this.host.interactive,
        get level() {
          return self.level;
        },
        setLevel: (l: number) => {
          this.level = l;
        },
        setPagingDisabled: (d: boolean) => {
          this.pagingDisabled = d;
        },
        history: () => this.history.list(),
      },
      io: {
        print: (text: string) => {
          for (const l of text.replace(/\r/g, '').split('\n')) push(l);
        },
        ask: (prompt, o) => ask(prompt, o?.echo ?? true),
        confirm: (question) => confirm((q) => ask(q, true), question),
        terminal: async () => {
          await pager.drained();
          return this.host.terminal();
        },
      },
      getVar: (name) => this.vars.get(name),
      setVar: (name, value) => void this.vars.set(name, value),
      exitView: () => {
        if (!this.views.exit()) this.ending = true;
      },
      returnToUser: () => this.views.toUser(),
      endSession: () => {
        this.ending = true;
      },
    };
  }
}

/** A line of a data view (cli-tree `lines:`): runs that handler with ctx.line, kept out of the history. */
function dataLine(handler: string): MatchOutcome {
  const cmd: CompiledCommand = { id: -1, syntax: '', level: 0, handler, undo: false, secret: true, filter: false, nodes: [], start: 0, accept: 0 };
  return { ok: true, matched: { cand: { cmd, fallthrough: false }, args: {}, keywords: [] } };
}
