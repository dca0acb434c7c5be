// `?` help and Tab completion (§2.1, §2.2) for the line being typed, in the current view at the
// session's level.
import type { LineEditor } from './editor';
import { completions, nextAfter, tokenize, visibleCommands } from './matcher';
import { errorLines, fullHelpLines, partialHelpLines } from './messages';
import type { CompiledView, Tree } from './tree-types';

export class Assist {
  /** Repeated Tab cycles through the candidates of the first Tab. */
  private tab?: { words: string[]; i: number; base: string };

  constructor(
    private readonly tree: Tree,
    private readonly editor: LineEditor,
    private readonly out: (s: string) => void,
  ) {}

  /** Any key but Tab ends a completion cycle. */
  endCycle(): void {
    this.tab = undefined;
  }

  /** Prints the help for the line up to the cursor, then the prompt and the line as they were. */
  help(view: CompiledView, level: number, prompt: string): void {
    const ed = this.editor;
    const before = ed.buf.slice(0, ed.cur);
    const { buf, cur } = ed;
    this.out('?\r\n');
    const cands = visibleCommands(this.tree, view, level);
    const tokens = tokenize(before);
    let lines: string[];
    if (before === '' || /[ \t]$/.test(before)) {
      const r = nextAfter(before, tokens, cands);
      if (!r.ok) lines = errorLines(r.kind, prompt.length + r.column);
      else {
        lines = fullHelpLines(r.next);
        if (tokens.length === 0) lines.unshift(view.helpHeader);
      }
    } else {
      const last = tokens.pop()!;
      const r = nextAfter(before, tokens, cands);
      if (!r.ok) lines = errorLines(r.kind, prompt.length + r.column);
      else {
        const next = r.next;
        const p = last.text.toLowerCase();
        const words = [...next.keywords.keys()].filter((k) => k.startsWith(p)).sort();
        if (words.length) lines = partialHelpLines(words);
        else if (next.params.length) lines = fullHelpLines({ keywords: new Map(), params: next.params, cr: false, pipe: false });
        else lines = errorLines('unrecognized', prompt.length + last.start);
      }
    }
    this.out(lines.map((l) => l + '\r\n').join(''));
    ed.begin(prompt, buf);
    ed.setCursor(cur);
  }

  /** Completes the last word on the line; false when there is nothing to complete. */
  complete(view: CompiledView, level: number): boolean {
    const ed = this.editor;
    if (this.tab) {
      const t = this.tab;
      t.i = (t.i + 1) % t.words.length;
      ed.replace(t.base + t.words[t.i]);
      return true;
    }
    ed.setCursor(ed.buf.length);
    const line = ed.buf;
    const tokens = tokenize(line);
    const last = line === '' || /[ \t]$/.test(line) ? undefined : tokens.pop();
    const r = last ? nextAfter(line, tokens, visibleCommands(this.tree, view, level)) : undefined;
    const words = last && r?.ok ? completions(r.next, last.text) : [];
    if (!last || words.length === 0) return false;
    const base = line.slice(0, last.start);
    if (words.length === 1) {
      ed.replace(base + words[0] + ' ');
      return true;
    }
    this.tab = { words, i: 0, base };
    ed.replace(base + words[0]);
    return true;
  }
}
