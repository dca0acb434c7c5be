// Exact Comware texts (reference §3, §2.1): tools match these byte for byte.
import type { ErrorKind, NextTokens } from './matcher';

export const ERROR_TEXT: Readonly<Record<ErrorKind, string>> = {
  unrecognized: " % Unrecognized command found at '^' position.",
  incomplete: " % Incomplete command found at '^' position.",
  ambiguous: " % Ambiguous command found at '^' position.",
  'too-many': " % Too many parameters found at '^' position.",
  'wrong-param': " % Wrong parameter found at '^' position.",
};

/** The caret line (caret under column `column` of the echoed line) and the message. */
export function errorLines(kind: ErrorKind, column: number): string[] {
  return [' '.repeat(column) + '^', ERROR_TEXT[kind]];
}

/** Full help: keywords (sorted), then parameters, then `<cr>`; descriptions two spaces after the longest token. */
export function fullHelpLines(next: NextTokens): string[] {
  const rows: Array<[string, string]> = [...next.keywords.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const p of next.params) rows.push([p.display, p.help]);
  if (next.pipe) rows.push(['|', 'Matching output']);
  const width = rows.reduce((w, [t]) => Math.max(w, t.length), 0);
  const lines = rows.map(([t, h]) => `  ${t.padEnd(width + 2)}${h}`.replace(/\s+$/, ''));
  if (next.cr) lines.push('  <cr>');
  return lines;
}

/** Partial help (`d?`): matching keywords only, one per line. */
export function partialHelpLines(words: string[]): string[] {
  return words.map((w) => '  ' + w);
}

export const SYSTEM_VIEW_BANNER = 'System View: return to User View with Ctrl+Z.';
export const MORE = '  ---- More ----';
export const MORE_ERASE = '\x1b[16D' + ' '.repeat(16) + '\x1b[16D';
export const YN_AGAIN = "Before pressing ENTER you must choose 'YES' or 'NO'[Y/N]:";
export const BEEP = '\x07';

/** A command that asks a question, run where nobody can answer (exec, piped input). */
export function noAnswer(unattended?: string): string {
  const base = '% This command asks a question and cannot run without a terminal';
  return unattended ? `${base}; use '${unattended}' instead.` : `${base}.`;
}
