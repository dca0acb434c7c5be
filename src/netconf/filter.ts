// get / get-config: the data tree under <top> built from the tables, cut down by an RFC 6241 §6
// subtree filter. Only the tables a filter names are read.
import { RpcError } from './errors';
import type { NetconfHost } from './host';
import { TABLES, TableSpec } from './model';
import { attr, element, leafText, XmlElement } from './xml';

/** The tables a filter's <top> may touch (all without a filter). */
function wanted(top: XmlElement | undefined): TableSpec[] {
  if (!top || top.children.length === 0) return [...TABLES];
  const names = new Set(top.children.map((c) => c.local));
  return TABLES.filter((t) => names.has(t.path[0]));
}

function childOf(parent: XmlElement, local: string): XmlElement {
  let c = parent.children.find((x) => x.local === local);
  if (!c) {
    c = element(local, parent.uri);
    parent.children.push(c);
  }
  return c;
}

export async function dataTree(host: NetconfHost, uri: string, config: boolean, top?: XmlElement): Promise<XmlElement> {
  const root = element('top', uri);
  for (const t of wanted(top)) {
    const rows: XmlElement[] = [];
    for (const row of await host.tables[t.service].read(config)) {
      const fields = t.fields.filter((f) => !f.secret && !(config && f.state) && row[f.name] !== undefined);
      // get-config shows non-default configuration only: a row of its keys alone says nothing.
      if (config && (t.keyed ? t.fixedRows && fields.every((f) => f.key) : fields.length === 0)) continue;
      rows.push(element(t.path[t.path.length - 1], uri, fields.map((f) => element(f.name, uri, [], row[f.name]))));
    }
    if (rows.length === 0) continue;
    let parent = root;
    for (const name of t.path.slice(0, -1)) parent = childOf(parent, name);
    parent.children.push(...rows);
  }
  return root;
}

/** Checks a <filter> and returns its <top> (undefined: no filter, everything). */
export function filterTop(filter: XmlElement | undefined, vendorUris: readonly string[]): XmlElement | undefined | null {
  if (!filter) return undefined;
  const type = attr(filter, 'type') ?? 'subtree';
  if (type !== 'subtree') {
    throw new RpcError('protocol', 'bad-attribute', `Filter type ${type} is not supported; use subtree.`, { 'bad-attribute': 'type', 'bad-element': 'filter' });
  }
  if (filter.children.length === 0) return null; // an empty filter selects nothing (RFC 6241 §6.4.2)
  const top = filter.children[0];
  if (filter.children.length > 1 || top.local !== 'top') {
    throw new RpcError('protocol', 'unknown-element', 'A filter selects under one <top> element.', { 'bad-element': top.local === 'top' ? 'filter' : top.local });
  }
  if (!vendorUris.includes(top.uri)) {
    throw new RpcError('protocol', 'unknown-namespace', `Namespace ${top.uri || '(none)'} is not supported here.`, { 'bad-element': 'top', 'bad-namespace': top.uri });
  }
  return top;
}

/**
 * RFC 6241 §6.2: content-match nodes must all match, selection nodes take the whole subtree,
 * containment nodes recurse. Returns the selected copy of `data`, or undefined.
 */
export function applyFilter(f: XmlElement, data: XmlElement): XmlElement | undefined {
  if (f.children.length === 0) return data;
  const matches = f.children.filter((c) => c.children.length === 0 && c.text.trim() !== '');
  for (const m of matches) {
    if (!data.children.some((d) => d.local === m.local && leafText(d) === m.text.trim())) return undefined;
  }
  const others = f.children.filter((c) => !matches.includes(c));
  if (others.length === 0) return data;
  const out: XmlElement[] = [];
  let selected = false;
  for (const d of data.children) {
    if (matches.some((m) => m.local === d.local)) {
      out.push(d);
      continue;
    }
    for (const sel of others.filter((o) => o.local === d.local)) {
      const got = sel.children.length === 0 ? d : applyFilter(sel, d);
      if (got) {
        out.push(got);
        selected = true;
        break;
      }
    }
  }
  return selected ? { ...data, children: out } : undefined;
}
