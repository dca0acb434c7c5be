// Splits raw input into keys: printable characters, control codes and the escape sequences of §2.4.
export type Key =
  | { k: 'char'; ch: string }
  | { k: 'ctrl'; code: number }
  | { k: 'enter' }
  | { k: 'up' | 'down' | 'left' | 'right' | 'delete' | 'home' | 'end' }
  | { k: 'esc'; ch: string }
  | { k: 'ignore' };

/**
 * The key at `s[i]` and how many characters it used; `undefined` when `s` ends inside an escape
 * sequence (wait for more input). CR LF is one Enter.
 */
export function nextKey(s: string, i: number): { key: Key; len: number } | undefined {
  const c = s.charCodeAt(i);
  if (c === 0x0d) return { key: { k: 'enter' }, len: s[i + 1] === '\n' ? 2 : 1 };
  if (c === 0x0a) return { key: { k: 'enter' }, len: 1 };
  if (c === 0x1b) {
    if (i + 1 >= s.length) return undefined;
    const n = s[i + 1];
    if (n === '[' || n === 'O') {
      if (i + 2 >= s.length) return undefined;
      // CSI: parameters then a final byte in 0x40-0x7e
      let j = i + 2;
      while (j < s.length && /[0-9;]/.test(s[j])) j++;
      if (j >= s.length) return undefined;
      const seq = s.slice(i + 2, j + 1);
      const map: Record<string, Key['k']> = {
        A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
        '3~': 'delete', '1~': 'home', '4~': 'end', '7~': 'home', '8~': 'end',
      };
      const k = map[seq];
      return { key: k ? ({ k } as Key) : { k: 'ignore' }, len: j - i + 1 };
    }
    return { key: { k: 'esc', ch: n.toLowerCase() }, len: 2 };
  }
  if (c < 0x20 || c === 0x7f) return { key: { k: 'ctrl', code: c }, len: 1 };
  return { key: { k: 'char', ch: s[i] }, len: 1 };
}
