// What a command handler sees. Generic in the services S the host injects, so the engine never
// learns what a device is.
import type { RawTerminal } from '../common/raw-terminal';

export type { RawTerminal };

/** Thrown by a handler for a semantic error: its message is printed as is and the line fails. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}

/** The user abandoned an interactive question (Ctrl+C) or there was no input to answer it. */
/** A question with no terminal to answer it (exec, or input that has ended). */
export class NoAnswerError extends Error {
  constructor() {
    super('no answer');
    this.name = 'NoAnswerError';
  }
}

export class AbortError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

export interface SessionControl {
  readonly userName: string;
  /** `aux 0` (console) or `vty N`. */
  readonly userInterface: string;
  readonly interactive: boolean;
  readonly level: number;
  setLevel(level: number): void;
  /** `screen-length disable` for this session only. */
  setPagingDisabled(disabled: boolean): void;
  /** Commands kept in the history, oldest first. */
  history(): readonly string[];
}

export interface CommandIO {
  /** Prints text; each `\n`-separated line becomes one CRLF-terminated output line (paged when interactive). */
  print(text: string): void;
  /** Reads one line after `prompt`; with `echo: false` nothing typed is shown. Rejects with AbortError on Ctrl+C. */
  ask(prompt: string, opts?: { echo?: boolean }): Promise<string>;
  /** Asks `question [Y/N]:` until the answer is yes or no (Enter alone asks again, as Comware does). */
  confirm(question: string): Promise<boolean>;
  /** Lends the terminal to the command (interactive sessions only) until it calls release(). */
  terminal(): Promise<RawTerminal>;
}

export interface ViewInfo {
  readonly name: string;
  /** The view's configuration-section renderer name (cli-tree `section:`), for `display this`. */
  readonly sections: readonly string[];
  /** Parameters of the command that entered the view (e.g. `name` of `local-user NAME`). */
  readonly vars: Readonly<Record<string, string>>;
}

export interface CommandContext<S> {
  /** Parameters by name; INTEGER parameters are numbers. */
  readonly args: Readonly<Record<string, string | number | undefined>>;
  /** Full keywords the line used, lower case (abbreviations expanded). */
  readonly keywords: ReadonlySet<string>;
  /** The same keywords in the order typed (an option's choice follows its option's keyword). */
  readonly words: readonly string[];
  /** The line was the command's `undo` form. */
  readonly undo: boolean;
  /** The line exactly as typed. */
  readonly line: string;
  readonly services: S;
  readonly session: SessionControl;
  readonly io: CommandIO;
  readonly view: ViewInfo;
  /** Aborted when the user stops the command (Ctrl+C, `q` at More). */
  readonly signal: AbortSignal;
  /** Session-wide prompt variables such as `sysname`. */
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  /** `quit`: one view up; from user view, ends the session. */
  exitView(): void;
  /** `return`: back to user view. */
  returnToUser(): void;
  endSession(): void;
}

export type Handler<S> = (ctx: CommandContext<S>) => void | Promise<void>;
