// A small element tree over saxes (a conforming, namespace-aware, non-validating parser that
// expands no external or custom entities), with limits, and the escaping writer for replies.
import { SaxesParser, SaxesTagNS } from 'saxes';

export interface XmlAttr {
  /** As written, with its prefix (echoed on rpc-reply). */
  name: string;
  local: string;
  uri: string;
  value: string;
}

export interface XmlElement {
  local: string;
  uri: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Character data directly inside (text and CDATA), concatenated. */
  text: string;
}

export const MAX_DEPTH = 64;
export const MAX_ELEMENTS = 100_000;

export class XmlError extends Error {}

export function parseXml(text: string, limits = { depth: MAX_DEPTH, elements: MAX_ELEMENTS }): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let failure: Error | undefined;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('doctype', () => {
    throw new XmlError('document type declarations are not accepted');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= limits.depth) throw new XmlError(`elements nested deeper than ${limits.depth}`);
    if (++count > limits.elements) throw new XmlError(`more than ${limits.elements} elements`);
    const el: XmlElement = {
      local: tag.local,
      uri: tag.uri,
      attrs: Object.values(tag.attributes).map((a) => ({ name: a.name, local: a.local, uri: a.uri, value: a.value })),
      children: [],
      text: '',
    };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new XmlError('more than one root element');
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  const addText = (t: string) => {
    if (stack.length) stack[stack.length - 1].text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text).close();
  } catch (err) {
    throw new XmlError((err as Error).message);
  }
  if (failure) throw new XmlError(failure.message);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function attr(el: XmlElement, local: string, uri = ''): string | undefined {
  return el.attrs.find((a) => a.local === local && a.uri === uri)?.value;
}

export function child(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local);
}

/** An element's text without surrounding white space; undefined for an element with element children. */
export function leafText(el: XmlElement): string | undefined {
  return el.children.length ? undefined : el.text.trim();
}

export function escapeText(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replaceAll('"', '&quot;');
}

/** A CDATA section for any text (a `]]>` inside is split across two sections). */
export function cdata(s: string): string {
  return `<![CDATA[${s.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Serialises a tree built for a reply; `ns` is written as the default namespace where it changes. */
export function writeXml(el: XmlElement, parentUri = ''): string {
  const ns = el.uri !== parentUri ? ` xmlns="${escapeAttr(el.uri)}"` : '';
  const attrs = el.attrs.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
  const inner = el.children.map((c) => writeXml(c, el.uri)).join('') + escapeText(el.children.length ? '' : el.text);
  return inner ? `<${el.local}${ns}${attrs}>${inner}</${el.local}>` : `<${el.local}${ns}${attrs}/>`;
}

export function element(local: string, uri: string, children: XmlElement[] = [], text = ''): XmlElement {
  return { local, uri, attrs: [], children, text };
}
