// The stack of views a session is in (user view at the bottom, §1) and the prompt it shows.
import { renderPrompt } from './prompt';
import type { CompiledCommand, CompiledView, Tree } from './tree-types';

export interface ViewInstance {
  view: CompiledView;
  prompt: string;
  /** Parameters of the command that entered the view. */
  vars: Record<string, string>;
}

export class ViewStack {
  private readonly stack: ViewInstance[];

  /** `vars`: the session's prompt variables (sysname, ...), shared with the engine. */
  constructor(
    private readonly tree: Tree,
    private readonly vars: ReadonlyMap<string, string>,
  ) {
    const user = tree.views.get('user')!;
    this.stack = [{ view: user, prompt: user.prompt, vars: {} }];
  }

  get top(): ViewInstance {
    return this.stack[this.stack.length - 1];
  }

  /** A command that `enters` a view ran: its parameters become the new view's variables. */
  enter(enters: NonNullable<CompiledCommand['enters']>, args: Readonly<Record<string, string | number>>): void {
    const view = this.tree.views.get(enters.view)!;
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(args)) vars[k] = String(v);
    this.stack.push({ view, prompt: enters.prompt ?? view.prompt, vars });
  }

  /** Back to the innermost instance of `view` (a command that fell through to it runs there). */
  popTo(view: string): void {
    const i = this.stack.map((s) => s.view.name).lastIndexOf(view);
    if (i >= 0) this.stack.length = i + 1;
  }

  /** `return`, Ctrl+Z. */
  toUser(): void {
    this.stack.length = 1;
  }

  /** `quit`: up to the view's parent; false in user view, where quit ends the session instead. */
  exit(): boolean {
    if (this.stack.length === 1) return false;
    const parent = this.top.view.parent;
    this.stack.pop();
    while (this.stack.length > 1 && parent && this.top.view.name !== parent) this.stack.pop();
    return true;
  }

  prompt(): string {
    const t = this.top;
    return renderPrompt(t.prompt, (name) => t.vars[name] ?? this.vars.get(name));
  }
}
