// Key bindings (§2.4): what each key does at the edit line, and at the More prompt. Editing keys
// act on the line directly; the rest call the engine through EditActions.
import type { LineEditor } from './editor';
import type { Key } from './keys';

/** What the default Ctrl+G hotkey runs (shown on the line, as typed). */
export const HOTKEY_CTRL_G = 'display current-configuration';

/** The engine's side of the bindings: one object per session, so a keystroke allocates nothing. */
export interface EditActions {
  readonly interactive: boolean;
  /** `?`: help for the line up to the cursor. */
  help(): void;
  /** Tab: complete the last word. */
  complete(): void;
  submit(): void;
  /** -1 = back (Up, Ctrl+P), 1 = forward (Down, Ctrl+N). */
  history(dir: -1 | 1): void;
  /** Ctrl+R: the prompt and the line again, on a new line. */
  redisplay(): void;
  /** Ctrl+C abandons the line; Ctrl+Z (`toUser`) also returns to user view. */
  abandon(toUser: boolean): void;
}

export function isTab(key: Key): boolean {
  return key.k === 'ctrl' && key.code === 0x09;
}

export function editKey(key: Key, ed: LineEditor, act: EditActions): void {
  switch (key.k) {
    case 'char':
      if (key.ch === '?' && act.interactive) act.help();
      else if (key.ch.charCodeAt(0) < 0x7f) ed.insert(key.ch);
      return;
    case 'enter':
      return act.submit();
    case 'left':
      return ed.setCursor(ed.cur - 1);
    case 'right':
      return ed.setCursor(ed.cur + 1);
    case 'home':
      return ed.setCursor(0);
    case 'end':
      return ed.setCursor(ed.buf.length);
    case 'delete':
      return ed.deleteRange(ed.cur, ed.cur + 1);
    case 'up':
      return act.history(-1);
    case 'down':
      return act.history(1);
    case 'esc':
      if (key.ch === 'b') ed.setCursor(ed.wordLeft());
      else if (key.ch === 'f') ed.setCursor(ed.wordRight());
      else if (key.ch === 'd') ed.deleteRange(ed.cur, ed.wordRight());
      return;
    case 'ignore':
      return;
    case 'ctrl':
      return ctrlKey(key.code, ed, act);
  }
}

function ctrlKey(code: number, ed: LineEditor, act: EditActions): void {
  switch (code) {
    case 0x01: return ed.setCursor(0); // Ctrl+A
    case 0x05: return ed.setCursor(ed.buf.length); // Ctrl+E
    case 0x02: return ed.setCursor(ed.cur - 1); // Ctrl+B
    case 0x06: return ed.setCursor(ed.cur + 1); // Ctrl+F
    case 0x04: return ed.deleteRange(ed.cur, ed.cur + 1); // Ctrl+D
    case 0x08: case 0x7f: return ed.deleteRange(Math.max(0, ed.cur - 1), ed.cur); // Backspace, Ctrl+H
    case 0x17: return ed.deleteRange(ed.wordLeft(), ed.cur); // Ctrl+W
    case 0x18: return ed.deleteRange(0, ed.cur); // Ctrl+X
    case 0x19: return ed.deleteRange(ed.cur, ed.buf.length); // Ctrl+Y
    case 0x10: return act.history(-1); // Ctrl+P
    case 0x0e: return act.history(1); // Ctrl+N
    case 0x12: return act.redisplay(); // Ctrl+R
    case 0x09: // Tab
      if (act.interactive) act.complete();
      else ed.insert(' ');
      return;
    case 0x03: // Ctrl+C: abandon the line
      return act.abandon(false);
    case 0x1a: // Ctrl+Z = return
      return act.abandon(true);
    case 0x07: // Ctrl+G, the default hotkey: `display current-configuration` (§2.4)
      if (!act.interactive) return;
      ed.replace(HOTKEY_CTRL_G);
      return act.submit();
    default:
      return; // Ctrl+K, Ctrl+U, Ctrl+L/O (their commands do not exist here) and the rest: no-ops (§2.4)
  }
}

/** A key at `---- More ----`. */
export function pagerKey(key: Key): 'space' | 'enter' | 'stop' | 'other' {
  if (key.k === 'enter') return 'enter';
  if (key.k === 'char') return key.ch === ' ' ? 'space' : key.ch === 'q' || key.ch === 'Q' ? 'stop' : 'other';
  if (key.k === 'ctrl' && key.code === 0x03) return 'stop';
  return 'other';
}
