// What a host (console, SSH session process, exec channel) gives the engine.
import type { Handler } from './context';
import type { Tree } from './tree-types';

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
  /** Everything fed so far is processed (the host may offer echo ahead again: `echoRoom`). */
  onIdle?(): void;
  /** The session ended (`quit` in user view, or input ended). Called once. */
  onExit?(): void;
  /**
   * A handler failed unexpectedly (not a CommandError); for the host's log. `line` is the typed
   * line, or the command's syntax for `secret` commands (never a password).
   */
  onError?(err: unknown, line: string): void;
}
