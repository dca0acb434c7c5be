// `wx3000 console` through a real pty (needs dist/, which `make test` builds first): keystrokes in,
// screen out, as a person at the console port sees it. Also the piped, non-interactive mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as pty from 'node-pty';
import { Screen } from './vt';

const ROOT = path.resolve(__dirname, '../../../..');
const BIN = path.join(ROOT, 'dist', 'bin', 'wx3000.js');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wx3000-console-'));
}

class Term {
  out = '';
  exit?: number;
  private p: pty.IPty;
  constructor(dir: string, readonly cols: number) {
    this.p = pty.spawn(process.execPath, [BIN, 'console', '--data-dir', dir], {
      name: 'xterm',
      cols,
      rows: 24,
      cwd: ROOT,
      env: { ...process.env, WX3000_DEBUG: '1' },
    });
    this.p.onData((d) => (this.out += d));
    this.p.onExit(({ exitCode }) => (this.exit = exitCode));
  }
  /** Output with the pty's ONLCR doubling undone. */
  text(): string {
    return this.out.replace(/\r\r\n/g, '\r\n');
  }
  async waitFor(pred: () => boolean, what: string, ms = 8000): Promise<void> {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; output: ${JSON.stringify(this.text().slice(-400))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  async until(re: RegExp, ms?: number): Promise<void> {
    const from = this.mark;
    await this.waitFor(() => re.test(this.text().slice(from)), String(re), ms);
    this.mark = this.text().length;
  }
  mark = 0;
  type(s: string): void {
    this.p.write(s);
  }
  screen(): Screen {
    const s = new Screen(this.cols);
    s.write(this.text());
    return s;
  }
  kill(): void {
    if (this.exit === undefined) this.p.kill();
  }
}

test('console on a pty: prompt, Tab, hotkeys, history, help, errors, wrapping, quit', { timeout: 30000 }, async () => {
  assert.ok(fs.existsSync(BIN), 'dist/ is built (make test builds it)');
  const dir = tmpDir();
  const t = new Term(dir, 40);
  try {
    await t.until(/<WX3000>$/);
    t.type('dis clo\t');
    await t.until(/dis clock $/);
    t.type('\r');
    await t.until(/\r\n\d\d:\d\d:\d\d UTC \w{3} \d\d\/\d\d\/\d{4}\r\n<WX3000>$/);

    // Ctrl+A / Ctrl+E editing: "ystem-view" → "system-view"
    t.type('ystem-view\x01s\x05\r');
    await t.until(/System View: return to User View with Ctrl\+Z\.\r\n\[WX3000\]$/);
    t.type('sysname PtyTest\r');
    await t.until(/\[PtyTest\]$/);

    // Up recalls the last line, Ctrl+W drops its last word.
    t.type('\x1b[A');
    await t.until(/sysname PtyTest$/);
    t.type('\x17Pty2\r');
    await t.until(/\[Pty2\]$/);

    t.type('display versoin\r');
    await t.until(/ % Unrecognized command found at '\^' position\.\r\n\[Pty2\]$/);
    const s = t.screen();
    const caretRow = s.rows.map((r) => r.join('').trim()).lastIndexOf('^');
    assert.equal(s.text(caretRow).indexOf('^'), '[Pty2]display '.length);

    t.type('dis ?');
    await t.until(/  clock +Clock status and configuration information\r\n[\s\S]*\[Pty2\]dis $/);
    t.type('\x03\x1a');
    await t.until(/<Pty2>$/);

    // A line longer than the 40-column window, edited in the middle: the screen must show it intact.
    const long = 'display current-configuration and a long tail';
    t.type(long + '\x01\x1bf\x1bfX');
    await t.waitFor(() => {
      const sc = t.screen();
      return sc.logical(sc.rows.length - 2).endsWith('<Pty2>display current-configurationX and a long tail');
    }, 'the edited wrapped line');
    t.type('\x03quit\r');
    await t.waitFor(() => t.exit !== undefined, 'exit');
    assert.equal(t.exit, 0);
  } finally {
    t.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('console with piped stdin runs lines without prompts and exits at EOF', { timeout: 20000 }, async () => {
  const dir = tmpDir();
  try {
    const r = spawnSync(process.execPath, [BIN, 'console', '--data-dir', dir], {
      input: 'sys\nsysname Piped\ndisplay this\ndisplay versoin\n',
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      "System View: return to User View with Ctrl+Z.\r\n#\r\n sysname Piped\r\n#\r\nreturn\r\n        ^\r\n % Unrecognized command found at '^' position.\r\n",
    );
    // The next session starts with the stored name.
    const again = spawn(process.execPath, [BIN, 'console', '--data-dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    again.stdout.on('data', (d: Buffer) => (out += d.toString()));
    again.stdin.end('display current-configuration\n');
    const code = await new Promise<number | null>((res) => again.on('exit', res));
    assert.equal(code, 0);
    assert.equal(out, '#\r\n sysname Piped\r\n#\r\nreturn\r\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
