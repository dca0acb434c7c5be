// Echo ahead (issue 21): while the CLI's line editor would only append a typed character and echo it
// verbatim, the daemon echoes it itself, straight back to the channel, and tells the CLI so in the
// pty stream. A keystroke then costs one trip through ssh2 instead of daemon → pty → CLI → pty →
// daemon. This file is what both sides agree on; the daemon's half is src/ssh/echo-ahead.ts, the
// CLI's src/bin/echo-ahead-cli.ts.
//
// The pty stream of a shell session, daemon → CLI, from its first byte:
//   MARK c      (c echoable) the character c, already echoed by the daemon;
//   MARK MARK   one MARK byte the client sent;
//   any other byte stands for itself.
// MARK is 0xFF, which UTF-8 text never holds, so the escape almost never costs a byte.
//
// Who may echo is settled by counts, because the control socket and the pty are not ordered with
// each other: the CLI offers `room` characters together with how many pty bytes it has read and
// written; the daemon takes the offer only when it has forwarded exactly as many and read exactly as
// many (nothing in flight either way). Any other byte from the client ends it at once.

export const MARK = 0xff;

/** Printable ASCII the editor appends verbatim: space to `~`, except `?` (help). */
export function echoable(b: number): boolean {
  return b >= 0x20 && b <= 0x7e && b !== 0x3f;
}

/** Most characters one offer may cover: a line is at most 510. */
export const MAX_ROOM = 512;
