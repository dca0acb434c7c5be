// How configuration text is put together (§11): sections framed by `#`, in the device's order, each
// a list of blocks (a local user, a key, a user interface) whose lines come from the commands that
// read them back. The layout itself (which sections, which lines) is the command handlers' to give.
import type { ConfigState } from './state';

/**
 * The lines one command contributes to a block, in the syntax that command parses; empty when the
 * setting is at its default. `whole` is false for a view's `display this`.
 */
export type Lines<T> = (item: T, state: ConfigState, whole: boolean) => string[];

export interface Section<T> {
  /** cli-tree views name it (`section:`) for their `display this`. */
  name: string;
  /** One block per item (user, key, user interface); without it, the section is one block. */
  items?: (state: ConfigState) => readonly T[];
  /** The block a view's `display this` shows, picked by the view's variables; without it, all. */
  ofView?: (item: T, vars: Readonly<Record<string, string>>) => boolean;
  /** The line that enters the block's view (`local-user NAME`). */
  head?: Lines<T>;
  /** Blocks with nothing below the head are left out. */
  omitEmpty?: boolean;
  /** The commands' lines, in the order the device prints them. */
  lines: readonly Lines<T>[];
}

export type Layout = readonly Section<never>[];

/** Erases the item type so sections of different items make one layout. */
export function section<T>(s: Section<T>): Section<never> {
  return s as unknown as Section<never>;
}

function render<T>(s: Section<T>, state: ConfigState, vars?: Readonly<Record<string, string>>): string[] {
  const whole = vars === undefined;
  const items = s.items ? s.items(state) : [undefined as T];
  const out: string[] = [];
  for (const item of items) {
    if (!whole && s.ofView && !s.ofView(item, vars)) continue;
    const body = s.lines.flatMap((l) => l(item, state, whole));
    if (s.omitEmpty && body.length === 0) continue;
    out.push(...(s.head ? s.head(item, state, whole) : []), ...body);
  }
  return out;
}

/** `display current-configuration` and `save`: every section framed by `#` (empty ones left out), then `return`. */
export function renderConfiguration(layout: Layout, state: ConfigState): string[] {
  const out: string[] = [];
  for (const s of layout) {
    const lines = render(s, state);
    if (lines.length) out.push('#', ...lines);
  }
  out.push('#', 'return');
  return out;
}

/** `display this`: the named section's lines for the view (no frame). */
export function renderView(layout: Layout, name: string, state: ConfigState, vars: Readonly<Record<string, string>>): string[] {
  const s = layout.find((x) => x.name === name);
  return s ? render(s, state, vars) : [];
}
