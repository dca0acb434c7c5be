// edit-config (RFC 6241 §7.2) over the tables: the request becomes a list of row changes, checked
// as a whole first (types, keys, unknown elements), then applied in order with the error-option.
import { RpcError } from './errors';
import type { NetconfHost, Row } from './host';
import { keyFields, keyOf, sameKey, TableSpec, TABLES, valueProblem } from './model';
import { BASE_NS } from './namespaces';
import { attr, leafText, XmlElement } from './xml';

export type EditOp = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
const OPS: readonly EditOp[] = ['merge', 'replace', 'create', 'delete', 'remove', 'none'];
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export interface RowChange {
  table: TableSpec;
  op: EditOp;
  key: Row;
  fields: Row;
  /** Fields named with operation delete/remove: back to the default. */
  reset: string[];
}

function opOf(el: XmlElement, inherited: EditOp): EditOp {
  const op = attr(el, 'operation', BASE_NS);
  if (op === undefined) return inherited;
  if (!(OPS as readonly string[]).includes(op) || op === 'none') {
    throw new RpcError('protocol', 'bad-attribute', `Operation ${op} is not valid here.`, { 'bad-attribute': 'operation', 'bad-element': el.local });
  }
  return op as EditOp;
}

const unknown = (el: XmlElement) => new RpcError('application', 'unknown-element', `Element ${el.local} is not known here.`, { 'bad-element': el.local });

/** Reads <config><top>…</top></config> into row changes; throws the first problem found. */
export function planEdit(top: XmlElement, defaultOp: EditOp): RowChange[] {
  const out: RowChange[] = [];
  const walk = (el: XmlElement, depth: number, candidates: TableSpec[], op: EditOp) => {
    const here = candidates.filter((t) => t.path[depth] === el.local);
    if (here.length === 0) throw unknown(el);
    const rowTable = here.find((t) => t.path.length === depth + 1);
    if (rowTable) return out.push(planRow(rowTable, el, op));
    for (const c of el.children) walk(c, depth + 1, here, opOf(c, op));
  };
  const topOp = opOf(top, defaultOp);
  for (const c of top.children) walk(c, 0, [...TABLES], opOf(c, topOp));
  return out;
}

function planRow(t: TableSpec, el: XmlElement, op: EditOp): RowChange {
  const fields: Row = {};
  const reset: string[] = [];
  for (const c of el.children) {
    const f = t.fields.find((x) => x.name === c.local);
    if (!f) throw unknown(c);
    const value = leafText(c);
    if (value === undefined) throw new RpcError('application', 'invalid-value', `${f.name} takes a value, not elements.`, { 'bad-element': f.name });
    if (f.state) throw new RpcError('application', 'invalid-value', `${f.name} is state data and cannot be configured.`, { 'bad-element': f.name });
    const fop = opOf(c, op);
    if (!f.key && (fop === 'delete' || fop === 'remove')) {
      reset.push(f.name);
      continue;
    }
    const problem = valueProblem(f, value);
    if (problem) throw new RpcError('application', 'invalid-value', problem + '.', { 'bad-element': f.name });
    fields[f.name] = value;
  }
  for (const k of keyFields(t)) {
    if (fields[k.name] === undefined) throw new RpcError('protocol', 'missing-element', `${el.local} needs its key ${k.name}.`, { 'bad-element': k.name });
  }
  const key = keyOf(t, fields);
  for (const k of Object.keys(key)) delete fields[k];
  return { table: t, op, key, fields, reset };
}

function describe(c: RowChange): string {
  const key = Object.entries(c.key).map(([k, v]) => `[${k}=${v}]`).join('');
  const set = Object.keys(c.fields).map((k) => (c.table.fields.find((f) => f.name === k)?.secret ? `${k}=******` : `${k}=${c.fields[k]}`));
  return `${c.table.path.join('/')}${key} ${c.op}${set.length ? ' ' + set.join(' ') : ''}${c.reset.length ? ' reset ' + c.reset.join(' ') : ''}`;
}

/** Applies one change against the rows as they are now; throws RpcError. */
async function applyRow(host: NetconfHost, c: RowChange, dryRun: boolean): Promise<void> {
  const t = c.table;
  const svc = host.tables[t.service];
  const exists = !t.keyed || (await svc.read(false)).some((r) => sameKey(t, r, c.key));
  const canCreate = t.keyed && !t.fixedRows && svc.create !== undefined;
  const path = t.path.join('/');
  const missing = () => new RpcError('application', 'data-missing', `${path} ${JSON.stringify(c.key)} does not exist.`, { 'bad-element': t.path[t.path.length - 1] });
  let run: (() => Promise<void>) | undefined;
  switch (c.op) {
    case 'create':
      if (exists) throw new RpcError('application', 'data-exists', `${path} ${JSON.stringify(c.key)} already exists.`, { 'bad-element': t.path[t.path.length - 1] });
      if (!canCreate) throw missing();
      run = () => svc.create!({ ...c.key, ...c.fields });
      break;
    case 'merge':
    case 'replace': {
      if (!exists) {
        if (!canCreate) throw missing();
        run = () => svc.create!({ ...c.key, ...c.fields });
        break;
      }
      const others = c.op === 'replace' ? t.fields.filter((f) => !f.key && !f.state && !f.secret && c.fields[f.name] === undefined).map((f) => f.name) : [];
      run = () => svc.update(c.key, c.fields, [...new Set([...c.reset, ...others])]);
      break;
    }
    case 'delete':
    case 'remove':
      if (!exists) {
        if (c.op === 'delete') throw missing();
        return;
      }
      run = () => svc.remove(c.key);
      break;
    case 'none':
      if (Object.keys(c.fields).length === 0 && c.reset.length === 0) return;
      if (!exists) throw missing();
      run = () => svc.update(c.key, c.fields, c.reset);
      break;
  }
  if (dryRun || !run) return;
  try {
    await run();
  } catch (err) {
    if (err instanceof RpcError) throw err;
    throw new RpcError('application', 'operation-failed', (err as Error).message, { 'bad-element': t.path[t.path.length - 1] });
  }
  host.audit(`edit-config ${describe(c)}`);
}

/** Runs the plan; returns the errors to report (empty: <ok/>). */
export async function runEdit(host: NetconfHost, plan: RowChange[], opts: { testOnly: boolean; errorOption: ErrorOption }): Promise<RpcError[]> {
  if (opts.testOnly) {
    for (const c of plan) await applyRow(host, c, true);
    return [];
  }
  const services = [...new Set(plan.map((c) => c.table.service))];
  const snapshots = opts.errorOption === 'rollback-on-error' ? await Promise.all(services.map((s) => host.tables[s].snapshot())) : [];
  const errors: RpcError[] = [];
  for (const c of plan) {
    try {
      await applyRow(host, c, false);
    } catch (err) {
      if (!(err instanceof RpcError)) throw err;
      errors.push(err);
      if (opts.errorOption !== 'continue-on-error') break;
    }
  }
  if (errors.length && opts.errorOption === 'rollback-on-error') {
    for (let i = services.length - 1; i >= 0; i--) await host.tables[services[i]].restore(snapshots[i]);
    host.audit('edit-config rolled back');
  }
  return errors;
}
