// Manual notation → NFA. Keywords, typed parameters (`name:INTEGER<0-3>`, `name:STRING<1-30>`,
// `name:TEXT`, `name:X.X.X.X`), `{ a | b }` choices, `[ a ]` options, and `*` after a group for
// "one or more, any order" (`{ ssh | telnet }*`).
import type { CompiledCommand, Edge, NfaNode, ParamDef, ParamType } from './tree-types';

type SyntaxNode =
  | { t: 'kw'; word: string }
  | { t: 'param'; name: string; type: ParamType; display: string }
  | { t: 'group'; alts: SyntaxNode[][]; optional: boolean; repeat: boolean };

export class SyntaxError extends Error {}

const TOKEN_RE = /\s*(\{|\}\*?|\[|\]\*?|\||[^\s{}[\]|]+)/g;

function lex(syntax: string): string[] {
  const out: string[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m; (m = TOKEN_RE.exec(syntax)); ) out.push(m[1]);
  return out;
}

function parseType(text: string, where: string): { type: ParamType; display: string } {
  let m = /^(?:INTEGER)?<(-?\d+)-(-?\d+)>$/.exec(text);
  if (m) return { type: { kind: 'integer', min: Number(m[1]), max: Number(m[2]) }, display: `INTEGER<${m[1]}-${m[2]}>` };
  m = /^STRING<(\d+)-(\d+)>$/.exec(text);
  if (m) return { type: { kind: 'string', min: Number(m[1]), max: Number(m[2]) }, display: text };
  if (text === 'TEXT') return { type: { kind: 'text' }, display: 'TEXT' };
  if (text === 'X.X.X.X') return { type: { kind: 'ipv4' }, display: 'X.X.X.X' };
  throw new SyntaxError(`${where}: unknown parameter type '${text}'`);
}

export function parseSyntax(syntax: string): SyntaxNode[] {
  const toks = lex(syntax);
  let i = 0;
  const seq = (closers: string[]): SyntaxNode[][] => {
    const alts: SyntaxNode[][] = [[]];
    while (i < toks.length) {
      const tok = toks[i];
      if (closers.some((c) => tok.startsWith(c))) return alts;
      i++;
      if (tok === '|') {
        if (closers.length === 0) throw new SyntaxError(`'${syntax}': '|' outside a group`);
        alts.push([]);
      } else if (tok === '{' || tok === '[') {
        const close = tok === '{' ? '}' : ']';
        const inner = seq([close]);
        const end = toks[i++];
        if (end === undefined || !end.startsWith(close)) throw new SyntaxError(`'${syntax}': missing '${close}'`);
        if (inner.some((a) => a.length === 0)) throw new SyntaxError(`'${syntax}': empty alternative`);
        alts[alts.length - 1].push({ t: 'group', alts: inner, optional: tok === '[', repeat: end.endsWith('*') });
      } else if (tok.startsWith('}') || tok.startsWith(']')) {
        throw new SyntaxError(`'${syntax}': unbalanced '${tok}'`);
      } else {
        const colon = tok.indexOf(':');
        if (colon > 0 && /^[a-z][a-z0-9_]*$/i.test(tok.slice(0, colon))) {
          const { type, display } = parseType(tok.slice(colon + 1), syntax);
          alts[alts.length - 1].push({ t: 'param', name: tok.slice(0, colon), type, display });
        } else if (/^\/?[a-z0-9][a-z0-9_.\-]*$/i.test(tok)) {
          alts[alts.length - 1].push({ t: 'kw', word: tok.toLowerCase() });
        } else {
          throw new SyntaxError(`'${syntax}': bad token '${tok}'`);
        }
      }
    }
    if (closers.length) throw new SyntaxError(`'${syntax}': missing '${closers[0]}'`);
    return alts;
  };
  const top = seq([]);
  if (top.length !== 1 || top[0].length === 0) throw new SyntaxError(`'${syntax}': empty syntax`);
  if (top[0][0].t !== 'kw') throw new SyntaxError(`'${syntax}': must start with a keyword`);
  return top[0];
}

export interface HelpLookup {
  /** Help for a keyword or parameter name; throws when the tree has none (every token needs help). */
  (token: string): string;
}

/** Thompson construction: one small NFA per command, simulated in parallel by the matcher. */
export function compileCommand(
  base: Omit<CompiledCommand, 'nodes' | 'start' | 'accept'>,
  help: HelpLookup,
  patterns: Record<string, string> = {},
): CompiledCommand {
  const nodes: NfaNode[] = [];
  const node = (): number => nodes.push({ edges: [], eps: [] }) - 1;
  const params = new Set<string>();
  const emit = (seq: SyntaxNode[], from: number): number => {
    let cur = from;
    for (const n of seq) {
      if (n.t === 'kw') {
        const to = node();
        const edge: Edge = { kind: 'kw', word: n.word, help: help(n.word), to };
        nodes[cur].edges.push(edge);
        cur = to;
      } else if (n.t === 'param') {
        if (params.has(n.name)) throw new SyntaxError(`'${base.syntax}': parameter '${n.name}' twice`);
        params.add(n.name);
        const to = node();
        const src = patterns[n.name];
        const param: ParamDef = { name: n.name, display: n.display, type: n.type, help: help(n.name) };
        if (src !== undefined) param.pattern = new RegExp(src);
        nodes[cur].edges.push({ kind: 'param', param, to });
        cur = to;
      } else {
        const entry = node();
        const end = node();
        nodes[cur].eps.push(entry);
        for (const alt of n.alts) {
          const s = node();
          nodes[entry].eps.push(s);
          nodes[emit(alt, s)].eps.push(end);
        }
        if (n.optional) nodes[entry].eps.push(end);
        if (n.repeat) nodes[end].eps.push(entry);
        cur = end;
      }
    }
    return cur;
  };
  const start = node();
  const accept = emit(parseSyntax(base.syntax), start);
  for (const name of Object.keys(patterns)) {
    if (!params.has(name)) throw new SyntaxError(`'${base.syntax}': pattern for unknown parameter '${name}'`);
  }
  // Every process keeps the tree: arrays grown by push carry spare capacity (17 slots for one
  // edge), so the finished NFA is copied into exact sizes, with one shared empty list.
  const exact = nodes.map((n) => ({ edges: exactList(n.edges), eps: exactList(n.eps) }));
  return { ...base, nodes: exact, start, accept };
}

const EMPTY: never[] = [];
Object.freeze(EMPTY);

/** A copy of `list` without spare capacity; the shared frozen empty list for no elements. */
export function exactList<T>(list: T[]): T[] {
  return list.length ? list.slice() : EMPTY;
}
