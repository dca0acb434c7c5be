// Shapes of cli-tree/*.yaml (as the JSON Schema in cli-tree/schema.json describes them) and of
// the compiled tree the matcher walks.

/** One command entry as written in YAML. */
export interface CommandSource {
  syntax: string;
  /** Help text per keyword and per parameter name, as `?` shows it. */
  help?: Record<string, string>;
  level: number;
  handler: string;
  /** Extra checks on STRING parameters: name → regular expression the whole value must match. */
  patterns?: Record<string, string>;
  /** `derived` = `undo <syntax>` runs the same handler with ctx.undo; or an explicit undo entry. */
  undo?: 'derived' | UndoSource;
  /** View-entering commands: the view and (optionally) its prompt template. */
  enters?: { view: string; prompt?: string };
  /** Lines of this command are never kept in the history (password-setting commands). */
  secret?: boolean;
  /** Output may be filtered with `| { begin | include | exclude } REGEX` (display commands). */
  filter?: boolean;
  /** The form that asks no question (`save force`), named when the command runs without a terminal. */
  unattended?: string;
}

export interface UndoSource {
  syntax: string;
  help?: Record<string, string>;
  level?: number;
  handler?: string;
  patterns?: Record<string, string>;
}

/** One cli-tree/*.yaml file: a view, or an abstract group of commands that views include. */
export interface ViewSource {
  view: string;
  abstract?: boolean;
  /** A group that is part of its includer's own commands: views falling through to the includer reach it. */
  inherited?: boolean;
  /** Where `quit` goes; absent for user view (quit ends the session) and groups. */
  parent?: string;
  /** Default prompt template; `%var%` is replaced, `%-var%` becomes `-value` or nothing. */
  prompt?: string;
  helpHeader?: string;
  /** Groups whose commands run in this view as if they were its own. */
  include?: string[];
  /** A view whose own commands also work here; running one first returns to that view (§1). */
  fallthrough?: string;
  /** The configuration sections `display this` shows in this view, in order. */
  section?: string | string[];
  /** Handler for lines that match no command: data views (key code) where every line is input. */
  lines?: string;
  /** Help text for keywords shared by several commands of this file. */
  keywords?: Record<string, string>;
  commands: CommandSource[];
}

export type ParamType =
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'string'; min: number; max: number }
  | { kind: 'text' }
  | { kind: 'ipv4' };

export interface ParamDef {
  name: string;
  /** The token `?` shows, e.g. `INTEGER<0-3>`. */
  display: string;
  type: ParamType;
  help: string;
  pattern?: RegExp;
}

/** An NFA edge: a keyword or a parameter leading to `to`. */
export type Edge =
  | { kind: 'kw'; word: string; help: string; to: number }
  | { kind: 'param'; param: ParamDef; to: number };

export interface NfaNode {
  edges: Edge[];
  eps: number[];
}

export interface CompiledCommand {
  id: number;
  syntax: string;
  level: number;
  handler: string;
  undo: boolean;
  secret: boolean;
  filter: boolean;
  enters?: { view: string; prompt?: string };
  unattended?: string;
  nodes: NfaNode[];
  start: number;
  accept: number;
}

export interface CompiledView {
  name: string;
  parent?: string;
  prompt: string;
  helpHeader: string;
  sections: string[];
  fallthrough?: string;
  lines?: string;
  /** Commands of the view itself and its groups. */
  own: CompiledCommand[];
  /**
   * The view file's own commands only: what views falling through to this one get. Groups are
   * left out so a sub-view never inherits `quit`/`return` through the fallthrough (the
   * public-key views leave by other commands).
   */
  fileOwn: CompiledCommand[];
}

export interface Tree {
  views: Map<string, CompiledView>;
  /** Every handler name the tree refers to (commands and undo forms). */
  handlerNames: Set<string>;
  sectionNames: Set<string>;
}
