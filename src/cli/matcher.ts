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

export type FilterKind = 'begin' | 'include' | 'exclude';

export interface OutputFilter {
  kind: FilterKind;
  regex: RegExp;
}

export interface Matched {
  cand: Candidate;
  args: Record<string, string | number>;
  keywords: string[];
  filter?: OutputFilter;
}

const FILTER_HELP = new Map<string, string>([
  ['begin', 'Display the first line that matches the regular expression and all following lines'],
  ['exclude', 'Display only the lines that do not match the regular expression'],
  ['include', 'Display only the lines that match the regular expression'],
]);

const REGEX_PARAM: ParamDef = {
  name: 'regex',
  display: 'TEXT',
  type: { kind: 'text' },
  help: 'Regular expression',
};

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

/** Commands usable in `view` at `level`: its own (and included groups'), then the fallthrough view file's. */
export function visibleCommands(tree: Tree, view: CompiledView, level: number): Candidate[] {
  let perTree = visibleCache.get(tree);
  if (!perTree) visibleCache.set(tree, (perTree = new Map()));
  const key = `${view.name}/${level}`;
  let list = perTree.get(key);
  if (!list) {
    list = view.own.filter((c) => c.level <= level).map((cmd) => ({ cmd, fallthrough: false }));
    const ft = view.fallthrough ? tree.views.get(view.fallthrough) : undefined;
    if (ft) list.push(...ft.fileOwn.filter((c) => c.level <= level).map((cmd) => ({ cmd, fallthrough: true })));
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

/**
 * A `|` token after a complete command that accepts a filter: the threads before it and the tokens
 * after it. Otherwise undefined, and `|` is an ordinary token (so TEXT parameters can hold one).
 */
function splitFilter(line: string, tokens: Token[], cands: Candidate[]): { threads: Thread[]; rest: Token[]; pipe: Token } | undefined {
  const i = tokens.findIndex((t) => t.text === '|');
  if (i < 0) return undefined;
  const r = walk(line, tokens.slice(0, i), cands);
  if (!r.ok) return undefined;
  const threads = r.threads.filter((th) => th.cand.cmd.filter && isAccepting(th));
  return threads.length ? { threads, rest: tokens.slice(i + 1), pipe: tokens[i] } : undefined;
}

function filterKind(word: string): FilterKind | undefined {
  const hits = [...FILTER_HELP.keys()].filter((k) => k.startsWith(word.toLowerCase()));
  return hits.length === 1 ? (hits[0] as FilterKind) : undefined;
}

const endColumn = (line: string) => line.replace(/[ \t]+$/, '').length;

function best(threads: Thread[]): Thread {
  // The view's own commands before fallthrough ones, then tree order.
  return [...threads].sort((a, b) => Number(a.cand.fallthrough) - Number(b.cand.fallthrough) || a.cand.cmd.id - b.cand.cmd.id)[0];
}

/** The whole line: one command to run, or one of the five errors with its caret offset. */
export function matchLine(line: string, cands: Candidate[]): MatchOutcome {
  const tokens = tokenize(line);
  const f = splitFilter(line, tokens, cands);
  if (f) {
    const th = best(f.threads);
    const matched: Matched = { cand: th.cand, args: Object.fromEntries(th.args), keywords: th.kws };
    const [kw, re] = f.rest;
    if (!kw) return { ok: false, kind: 'incomplete', column: endColumn(line) };
    const kind = filterKind(kw.text);
    if (!kind) return { ok: false, kind: 'unrecognized', column: kw.start };
    if (!re) return { ok: false, kind: 'incomplete', column: endColumn(line) };
    try {
      matched.filter = { kind, regex: new RegExp(line.slice(re.start).replace(/[ \t]+$/, '')) };
    } catch {
      return { ok: false, kind: 'wrong-param', column: re.start };
    }
    return { ok: true, matched };
  }
  const r = walk(line, tokens, cands);
  if (!r.ok) return r;
  const done = r.threads.filter(isAccepting);
  if (done.length === 0) return { ok: false, kind: 'incomplete', column: endColumn(line) };
  const th = best(done);
  return { ok: true, matched: { cand: th.cand, args: Object.fromEntries(th.args), keywords: th.kws } };
}

/** What may follow `tokens` (the complete words before the cursor), for `?` and Tab. */
export function nextAfter(line: string, tokens: Token[], cands: Candidate[]): { ok: true; next: NextTokens } | { ok: false; kind: ErrorKind; column: number } {
  const f = splitFilter(line, tokens, cands);
  if (f) {
    const empty = { keywords: new Map<string, string>(), params: [] as ParamDef[], cr: false, pipe: false };
    if (f.rest.length === 0) return { ok: true, next: { ...empty, keywords: new Map(FILTER_HELP) } };
    if (!filterKind(f.rest[0].text)) return { ok: false, kind: 'unrecognized', column: f.rest[0].start };
    return { ok: true, next: f.rest.length === 1 ? { ...empty, params: [REGEX_PARAM] } : { ...empty, cr: true } };
  }
  const r = walk(line, tokens, cands);
  return r.ok ? { ok: true, next: nextTokens(r.threads) } : r;
}

export interface NextTokens {
  keywords: Map<string, string>;
  params: ParamDef[];
  cr: boolean;
  /** A complete command that accepts `| …` output filters. */
  pipe: boolean;
}

/** What may come after the surviving threads: what `?` lists and Tab completes from. */
export function nextTokens(threads: Thread[]): NextTokens {
  const keywords = new Map<string, string>();
  const params: ParamDef[] = [];
  const seenParams = new Set<string>();
  let cr = false;
  let pipe = false;
  for (const th of threads) {
    if (th.done) {
      cr = true;
      continue;
    }
    for (const n of closureOf(th.cand.cmd, th.node)) {
      if (n === th.cand.cmd.accept) {
        cr = true;
        if (th.cand.cmd.filter) pipe = true;
      }
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
  return { keywords, params, cr, pipe };
}

/** Keywords a partial word may complete to; an exact keyword stands alone. */
export function completions(next: NextTokens, prefix: string): string[] {
  const p = prefix.toLowerCase();
  if (next.keywords.has(p)) return [p];
  return [...next.keywords.keys()].filter((k) => k.startsWith(p)).sort();
}
