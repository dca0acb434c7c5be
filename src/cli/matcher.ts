// Matches tokens of one input line against the commands visible in a view, simulating every
// command's NFA in parallel. Keywords take unique prefixes (exact wins); parameters are typed.
import type { CompiledCommand, CompiledView, ParamDef, Tree } from './tree-types';

export type ErrorKind = 'unrecognized' | 'incomplete' | 'ambiguous' | 'too-many' | 'wrong-param';

export interface Token {
  text: string;
  start: number;
}

/** Words separated by spaces (Tab characters count as spaces in non-interactive input). */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /[^ \t]+/g;
  for (let m; (m = re.exec(line)); ) out.push({ text: m[0], start: m.index });
  return out;
}

export interface Candidate {
  cmd: CompiledCommand;
  /** Reached through the view's fallthrough view: running it first returns to that view. */
  fallthrough: boolean;
}

export interface Thread {
  cand: Candidate;
  node: number;
  args: Array<[string, string | number]>;
  kws: string[];
  /** A TEXT parameter took the rest of the line. */
  done: boolean;
}

export interface Matched {
  cand: Candidate;
  args: Record<string, string | number>;
  keywords: string[];
}

export type MatchOutcome =
  | { ok: true; matched: Matched }
  | { ok: false; kind: ErrorKind; /** offset in the line where the caret goes */ column: number };

const closures = new WeakMap<CompiledCommand, number[][]>();

function closureOf(cmd: CompiledCommand, node: number): number[] {
  let table = closures.get(cmd);
  if (!table) {
    table = cmd.nodes.map((_, n) => {
      const seen = new Set<number>([n]);
      const stack = [n];
      while (stack.length) for (const e of cmd.nodes[stack.pop()!].eps) if (!seen.has(e)) (seen.add(e), stack.push(e));
      return [...seen];
    });
    closures.set(cmd, table);
  }
  return table[node];
}

const visibleCache = new WeakMap<Tree, Map<string, Candidate[]>>();

/** Commands usable in `view` at `level`: its own (and included groups'), then the fallthrough view's own. */
export function visibleCommands(tree: Tree, view: CompiledView, level: number): Candidate[] {
  let perTree = visibleCache.get(tree);
  if (!perTree) visibleCache.set(tree, (perTree = new Map()));
  const key = `${view.name}/${level}`;
  let list = perTree.get(key);
  if (!list) {
    list = view.own.filter((c) => c.level <= level).map((cmd) => ({ cmd, fallthrough: false }));
    const ft = view.fallthrough ? tree.views.get(view.fallthrough) : undefined;
    if (ft) list.push(...ft.own.filter((c) => c.level <= level).map((cmd) => ({ cmd, fallthrough: true })));
    perTree.set(key, list);
  }
  return list;
}

function checkParam(p: ParamDef, text: string): string | number | undefined {
  const t = p.type;
  switch (t.kind) {
    case 'integer': {
      if (!/^-?\d{1,10}$/.test(text)) return undefined;
      const n = Number(text);
      return n >= t.min && n <= t.max ? n : undefined;
    }
    case 'string':
      if (text.length < t.min || text.length > t.max) return undefined;
      return p.pattern && !p.pattern.test(text) ? undefined : text;
    case 'ipv4':
      return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(text) ? text : undefined;
    case 'text':
      return text;
  }
}

export type StepResult = { ok: true; threads: Thread[] } | { ok: false; kind: ErrorKind; column: number };

function initial(cands: Candidate[]): Thread[] {
  return cands.map((cand) => ({ cand, node: cand.cmd.start, args: [], kws: [], done: false }));
}

/** Consumes `tokens` (all of them); the survivors are the threads still alive after the last one. */
export function walk(line: string, tokens: Token[], cands: Candidate[]): StepResult {
  let threads = initial(cands);
  for (const tok of tokens) {
    const word = tok.text.toLowerCase();
    const kwHits: Array<{ th: Thread; word: string; to: number }> = [];
    const paramEdges: Array<{ th: Thread; p: ParamDef; to: number }> = [];
    let accepting = false;
    for (const th of threads) {
      if (th.done) continue;
      for (const n of closureOf(th.cand.cmd, th.node)) {
        if (n === th.cand.cmd.accept) accepting = true;
        for (const e of th.cand.cmd.nodes[n].edges) {
          if (e.kind === 'kw') {
            if (e.word.startsWith(word)) kwHits.push({ th, word: e.word, to: e.to });
          } else paramEdges.push({ th, p: e.param, to: e.to });
        }
      }
    }
    const next: Thread[] = threads.filter((t) => t.done);
    if (kwHits.length) {
      const words = new Set(kwHits.map((h) => h.word));
      const chosen = words.has(word) ? word : words.size === 1 ? kwHits[0].word : undefined;
      if (chosen === undefined) return { ok: false, kind: 'ambiguous', column: tok.start };
      for (const h of kwHits) {
        if (h.word === chosen) next.push({ ...h.th, node: h.to, kws: [...h.th.kws, chosen] });
      }
    } else {
      for (const pe of paramEdges) {
        if (pe.p.type.kind === 'text') {
          const rest = line.slice(tok.start).replace(/[ \t]+$/, '');
          next.push({ ...pe.th, node: pe.to, args: [...pe.th.args, [pe.p.name, rest]], done: true });
          continue;
        }
        const v = checkParam(pe.p, tok.text);
        if (v !== undefined) next.push({ ...pe.th, node: pe.to, args: [...pe.th.args, [pe.p.name, v]] });
      }
      if (next.length === 0) {
        const kind: ErrorKind = paramEdges.length ? 'wrong-param' : accepting ? 'too-many' : 'unrecognized';
        return { ok: false, kind, column: tok.start };
      }
    }
    threads = next;
  }
  return { ok: true, threads };
}

function isAccepting(th: Thread): boolean {
  return closureOf(th.cand.cmd, th.node).includes(th.cand.cmd.accept);
}

/** The whole line: one command to run, or one of the five errors with its caret offset. */
export function matchLine(line: string, cands: Candidate[]): MatchOutcome {
  const tokens = tokenize(line);
  const r = walk(line, tokens, cands);
  if (!r.ok) return r;
  const done = r.threads.filter(isAccepting);
  if (done.length === 0) return { ok: false, kind: 'incomplete', column: line.replace(/[ \t]+$/, '').length };
  // The view's own commands before fallthrough ones, then tree order.
  done.sort((a, b) => Number(a.cand.fallthrough) - Number(b.cand.fallthrough) || a.cand.cmd.id - b.cand.cmd.id);
  const best = done[0];
  return { ok: true, matched: { cand: best.cand, args: Object.fromEntries(best.args), keywords: best.kws } };
}

export interface NextTokens {
  keywords: Map<string, string>;
  params: ParamDef[];
  cr: boolean;
}

/** What may come after the surviving threads: what `?` lists and Tab completes from. */
export function nextTokens(threads: Thread[]): NextTokens {
  const keywords = new Map<string, string>();
  const params: ParamDef[] = [];
  const seenParams = new Set<string>();
  let cr = false;
  for (const th of threads) {
    if (th.done) {
      cr = true;
      continue;
    }
    for (const n of closureOf(th.cand.cmd, th.node)) {
      if (n === th.cand.cmd.accept) cr = true;
      for (const e of th.cand.cmd.nodes[n].edges) {
        if (e.kind === 'kw') {
          if (!keywords.has(e.word)) keywords.set(e.word, e.help);
        } else {
          const key = `${e.param.display}\0${e.param.help}`;
          if (!seenParams.has(key)) (seenParams.add(key), params.push(e.param));
        }
      }
    }
  }
  return { keywords, params, cr };
}

/** Keywords a partial word may complete to; an exact keyword stands alone. */
export function completions(next: NextTokens, prefix: string): string[] {
  const p = prefix.toLowerCase();
  if (next.keywords.has(p)) return [p];
  return [...next.keywords.keys()].filter((k) => k.startsWith(p)).sort();
}
