// Comware lists names in byte order (case-sensitive, as SQLite's binary collation), not the locale's.

/** For sort(): `a` before `b` by UTF-16 code units. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
