// One NETCONF session (RFC 6241), transport-independent: bytes in through `feed`, bytes out through
// `write`. Hello and framing, message-id echo, rights, and the operations; the device is the host.
import { runEdit, planEdit, EditOp, ErrorOption } from './edit';
import { accessDenied, lockDenied, RpcError } from './errors';
import { applyFilter, dataTree, filterTop } from './filter';
import { frame, FrameDecoder, Framing } from './framing';
import type { NetconfHost } from './host';
import { BASE_10, BASE_11, BASE_NS, CAPABILITIES, parseVendorNs, Vendor, vendorNs, vendorUris } from './namespaces';
import { attr, cdata, child, escapeAttr, escapeText, leafText, parseXml, writeXml, XmlElement, XmlError } from './xml';

/** Largest message accepted (bigger ones are discarded as they arrive and answered with too-big). */
export const MAX_MESSAGE = 4 * 1024 * 1024;
/** Operations levels 1 and 2 may use (network-operator); level 3 may use all. */
const READ_OPS = new Set(['get', 'get-config', 'get-sessions', 'close-session']);
const XMLNS = 'http://www.w3.org/2000/xmlns/';
/** Queued after a framing error: answer what came before, then end. */
const CLOSE = Symbol('close');

export interface SessionOptions {
  host: NetconfHost;
  write(data: Buffer): void;
  /** The session is over (close-session, kill-session, a broken peer): end the transport. */
  close(reason: string): void;
  maxMessage?: number;
}

interface Reply {
  body: string;
}

export class NetconfSession {
  private decoder: FrameDecoder;
  private framing: Framing = 'eom';
  private helloDone = false;
  private closed = false;
  private queue: Array<string | RpcError | typeof CLOSE> = [];
  private running?: Promise<void>;

  constructor(private opts: SessionOptions) {
    this.decoder = new FrameDecoder(
      {
        message: (text) => (this.helloDone ? this.queue.push(text) : this.onHello(text)),
        oversize: () => this.queue.push(new RpcError('rpc', 'too-big', `The message is larger than ${opts.maxMessage ?? MAX_MESSAGE} bytes.`)),
        broken: (why) => {
          this.queue.push(new RpcError('rpc', 'malformed-message', `Framing error: ${why}.`));
          this.queue.push(CLOSE);
        },
      },
      opts.maxMessage ?? MAX_MESSAGE,
    );
  }

  get host(): NetconfHost {
    return this.opts.host;
  }

  /** Sends the server's hello (end-of-message framed, as every hello is). */
  start(): void {
    const caps = CAPABILITIES.map((c) => `<capability>${c}</capability>`).join('');
    this.send(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${BASE_NS}"><capabilities>${caps}</capabilities><session-id>${this.host.sessionId}</session-id></hello>`,
    );
  }

  /** Resolves when every message in the bytes fed so far was answered (the transport waits: backpressure). */
  feed(chunk: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.decoder.push(chunk);
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  /** The transport is gone. */
  end(): void {
    this.closed = true;
    this.queue = [];
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.opts.close(reason);
  }

  private send(xml: string): void {
    if (!this.closed) this.opts.write(frame(xml, this.framing));
  }

  private onHello(text: string): void {
    let hello: XmlElement;
    try {
      hello = parseXml(text);
    } catch {
      return this.close('malformed hello');
    }
    if (hello.local !== 'hello' || hello.uri !== BASE_NS) return this.close('first message is not a hello');
    if (child(hello, 'session-id')) return this.close('client hello with a session-id');
    const caps = (child(hello, 'capabilities')?.children ?? []).map((c) => leafText(c) ?? '');
    if (!caps.includes(BASE_10) && !caps.includes(BASE_11)) return this.close('no common base capability');
    this.helloDone = true;
    // RFC 6242 §4.1: chunked framing once both sides advertised base:1.1.
    if (caps.includes(BASE_11)) {
      this.framing = 'chunked';
      this.decoder.framing = 'chunked';
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length && !this.closed) {
      const item = this.queue.shift()!;
      if (item === CLOSE) return this.close('framing error');
      if (item instanceof RpcError) {
        this.send(this.replyXml([], item.xml()));
        continue;
      }
      await this.handle(item);
    }
  }

  private replyXml(attrs: XmlElement['attrs'], body: string): string {
    // RFC 6241 §4.2: every attribute of <rpc> comes back on <rpc-reply>.
    const echo = attrs
      .filter((a) => !(a.uri === XMLNS && a.name === 'xmlns'))
      .map((a) => ` ${a.name}="${escapeAttr(a.value)}"`)
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><rpc-reply xmlns="${BASE_NS}"${echo}>${body}</rpc-reply>`;
  }

  private async handle(text: string): Promise<void> {
    let rpc: XmlElement;
    try {
      rpc = parseXml(text);
    } catch (err) {
      const why = err instanceof XmlError ? err.message : 'unreadable';
      this.send(this.replyXml([], new RpcError('rpc', 'malformed-message', `The message is not well-formed XML: ${why}`).xml()));
      return;
    }
    let after: (() => void) | undefined;
    let body: string;
    try {
      if (rpc.local !== 'rpc' || rpc.uri !== BASE_NS) {
        throw new RpcError('protocol', 'unknown-element', `<${rpc.local}> is not a NETCONF request.`, { 'bad-element': rpc.local });
      }
      if (attr(rpc, 'message-id') === undefined) {
        throw new RpcError('rpc', 'missing-attribute', 'The rpc has no message-id.', { 'bad-attribute': 'message-id', 'bad-element': 'rpc' });
      }
      if (rpc.children.length !== 1) {
        throw new RpcError('protocol', 'operation-not-supported', 'An rpc carries exactly one operation.', { 'bad-element': 'rpc' });
      }
      const r = await this.operation(rpc.children[0]);
      body = r.body;
      if (rpc.children[0].local === 'close-session') after = () => this.close('close-session');
    } catch (err) {
      if (!(err instanceof RpcError)) {
        err = new RpcError('application', 'operation-failed', `Internal error: ${(err as Error).message}`);
      }
      body = (err as RpcError).xml();
    }
    this.send(this.replyXml(rpc.attrs, body));
    after?.();
  }

  private async operation(op: XmlElement): Promise<Reply> {
    const name = op.local;
    const known = ['get', 'get-config', 'edit-config', 'validate', 'lock', 'unlock', 'close-session', 'kill-session', 'get-sessions', 'CLI', 'save'];
    const vendorOp = ['get-sessions', 'CLI', 'save'].includes(name);
    if (!known.includes(name) || (!vendorOp && op.uri !== BASE_NS)) {
      throw new RpcError('protocol', 'operation-not-supported', `Operation ${name} is not supported.`, { 'bad-element': name });
    }
    if (this.host.level < 3 && !READ_OPS.has(name)) throw accessDenied(name);
    switch (name) {
      case 'get':
        return this.get(op, 'data');
      case 'get-config':
        this.datastore(op, 'source');
        return this.get(op, 'config');
      case 'edit-config':
        return this.editConfig(op);
      case 'validate':
        return this.validate(op);
      case 'lock': {
        this.datastore(op, 'target');
        const holder = this.host.lock();
        if (holder !== undefined) throw lockDenied(holder);
        this.host.audit('lock running');
        return ok();
      }
      case 'unlock':
        this.datastore(op, 'target');
        if (!this.host.unlock()) throw new RpcError('protocol', 'operation-failed', 'Unlock Failed: this session does not hold the lock.');
        this.host.audit('unlock running');
        return ok();
      case 'close-session':
        return ok();
      case 'kill-session':
        return this.killSession(op);
      case 'get-sessions':
        return this.getSessions();
      case 'CLI':
        return this.cli(op);
      default:
        return this.save(op);
    }
  }

  /** `<source>`/`<target>` must name the running configuration (the only datastore). */
  private datastore(op: XmlElement, which: 'source' | 'target'): void {
    const el = child(op, which);
    if (!el) throw new RpcError('protocol', 'missing-element', `${op.local} needs <${which}>.`, { 'bad-element': which });
    const store = el.children[0]?.local;
    if (store !== 'running' || el.children.length !== 1) {
      throw new RpcError('protocol', 'invalid-value', `Only the running configuration is supported (not ${store ?? 'nothing'}).`, { 'bad-element': which });
    }
  }

  private async get(op: XmlElement, space: 'data' | 'config'): Promise<Reply> {
    const top = filterTop(child(op, 'filter'), [...vendorUris(space), ...vendorUris(space === 'data' ? 'config' : 'data')]);
    if (top === null) return { body: '<data/>' };
    const vendor: Vendor = top ? parseVendorNs(top.uri)!.vendor : 'hp';
    const uri = vendorNs(vendor, space);
    const tree = await dataTree(this.host, uri, space === 'config', top);
    const selected = top ? applyFilter(top, tree) : tree;
    if (!selected || selected.children.length === 0) return { body: '<data/>' };
    return { body: `<data>${writeXml(selected)}</data>` };
  }

  private editOptions(op: XmlElement): { defaultOp: EditOp; testOnly: boolean; errorOption: ErrorOption } {
    const pick = <T extends string>(el: string, allowed: readonly T[], dflt: T): T => {
      const e = child(op, el);
      if (!e) return dflt;
      const v = leafText(e) ?? '';
      if (!(allowed as readonly string[]).includes(v)) throw new RpcError('protocol', 'invalid-value', `${el} ${v} is not valid.`, { 'bad-element': el });
      return v as T;
    };
    const defaultOp = pick('default-operation', ['merge', 'replace', 'none'] as const, 'merge');
    const test = pick('test-option', ['test-then-set', 'set', 'test-only'] as const, 'test-then-set');
    const errorOption = pick('error-option', ['stop-on-error', 'continue-on-error', 'rollback-on-error'] as const, 'stop-on-error');
    return { defaultOp, testOnly: test === 'test-only', errorOption };
  }

  private configTop(holder: XmlElement): XmlElement | undefined {
    const config = child(holder, 'config');
    if (!config) {
      const what = child(holder, 'url') ? 'url' : 'config';
      throw new RpcError('protocol', what === 'url' ? 'operation-not-supported' : 'missing-element', `${holder.local} needs <config>.`, { 'bad-element': what });
    }
    if (config.children.length === 0) return undefined;
    const top = config.children[0];
    if (config.children.length > 1 || top.local !== 'top') throw new RpcError('application', 'unknown-element', 'Configuration goes under one <top>.', { 'bad-element': top.local });
    if (!parseVendorNs(top.uri)) throw new RpcError('application', 'unknown-namespace', `Namespace ${top.uri || '(none)'} is not supported.`, { 'bad-element': 'top', 'bad-namespace': top.uri });
    return top;
  }

  private async editConfig(op: XmlElement): Promise<Reply> {
    this.datastore(op, 'target');
    const opts = this.editOptions(op);
    const top = this.configTop(op);
    const holder = this.host.lockHolder();
    if (holder !== undefined && holder !== this.host.sessionId) throw lockDenied(holder);
    if (!top) return ok();
    const plan = planEdit(top, opts.defaultOp);
    const errors = await runEdit(this.host, plan, opts);
    return errors.length ? { body: errors.map((e) => e.xml()).join('') } : ok();
  }

  private async validate(op: XmlElement): Promise<Reply> {
    const source = child(op, 'source');
    if (source && child(source, 'running')) return ok();
    if (!source) throw new RpcError('protocol', 'missing-element', 'validate needs <source>.', { 'bad-element': 'source' });
    const top = this.configTop(source);
    if (top) await runEdit(this.host, planEdit(top, 'merge'), { testOnly: true, errorOption: 'stop-on-error' });
    return ok();
  }

  private killSession(op: XmlElement): Reply {
    const el = child(op, 'session-id');
    if (!el) throw new RpcError('protocol', 'missing-element', 'kill-session needs <session-id>.', { 'bad-element': 'session-id' });
    const text = leafText(el) ?? '';
    const id = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
    if (id === this.host.sessionId) throw new RpcError('protocol', 'invalid-value', 'A session cannot kill itself; use close-session.', { 'bad-element': 'session-id' });
    if (!Number.isInteger(id) || !this.host.kill(id)) throw new RpcError('protocol', 'invalid-value', `There is no NETCONF session ${text}.`, { 'bad-element': 'session-id' });
    this.host.audit(`kill-session ${id}`);
    return ok();
  }

  private async getSessions(): Promise<Reply> {
    const rows = await this.host.sessions();
    const sessions = rows
      .map(
        (s) =>
          `<Session><SessionID>${s.id}</SessionID><Line>${escapeText(s.line)}</Line><UserName>${escapeText(s.user)}</UserName>` +
          `<Since>${new Date(s.since).toISOString().replace(/\.\d+Z$/, '')}</Since><LockHeld>${s.lockHeld}</LockHeld></Session>`,
      )
      .join('');
    return { body: `<get-sessions>${sessions}</get-sessions>` };
  }

  /** Comware's CLI operation: the output goes back in CDATA in the element the request used. */
  private async cli(op: XmlElement): Promise<Reply> {
    const mode = op.children[0];
    if (!mode || op.children.length !== 1 || (mode.local !== 'Execution' && mode.local !== 'Configuration')) {
      throw new RpcError('protocol', 'unknown-element', 'CLI takes one <Execution> or <Configuration>.', { 'bad-element': mode?.local ?? 'CLI' });
    }
    const lines = mode.text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (mode.local === 'Configuration') {
      const holder = this.host.lockHolder();
      if (holder !== undefined && holder !== this.host.sessionId) throw lockDenied(holder);
    }
    const output = await this.host.cli(mode.local === 'Execution' ? 'user' : 'system', lines);
    const ns = op.uri === BASE_NS ? '' : ` xmlns="${escapeAttr(op.uri)}"`;
    return { body: `<CLI${ns}><${mode.local}>${cdata(output)}</${mode.local}></CLI>` };
  }

  /** `<save><file>NAME</file></save>`: the running configuration to the startup file, as `save force`. */
  private async save(op: XmlElement): Promise<Reply> {
    const file = child(op, 'file');
    const name = file ? leafText(file) ?? '' : '';
    if (name && !['startup.cfg', 'flash:/startup.cfg'].includes(name)) {
      throw new RpcError('application', 'invalid-value', 'Only flash:/startup.cfg can be written on this device.', { 'bad-element': 'file' });
    }
    const output = await this.host.cli('user', ['save force']);
    if (!/saved to device successfully/.test(output)) throw new RpcError('application', 'operation-failed', output.trim() || 'The configuration was not saved.');
    return ok();
  }
}

function ok(): Reply {
  return { body: '<ok/>' };
}
