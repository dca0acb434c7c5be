// The terminal a command borrows to relay a remote session (`ssh2`): the CLI engine lends it, the
// device's SSH client uses it. Here because both need it and neither may import the other.

/** Keys reach it as typed, with no line editing (Ctrl+C included); what it writes goes out as is, unpaged. */
export interface RawTerminal {
  readonly cols: number;
  readonly rows: number;
  write(data: string): void;
  /** Input typed ahead while the command was busy comes first. */
  onInput(cb: (data: string) => void): void;
  onResize(cb: (cols: number, rows: number) => void): void;
  /** Gives the keys back to the command line. */
  release(): void;
}
