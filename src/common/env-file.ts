// KEY=VALUE files in the subset that POSIX sh (`. FILE`) and systemd's EnvironmentFile= read alike:
// one assignment per line, `#` comments, blank lines, values bare or in single/double quotes.
import * as fs from 'node:fs';
import { UsageError } from './errors';

export function parseEnvFile(text: string, name = 'file'): Map<string, string> {
  const out = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new UsageError(`${name} line ${i + 1}: expected KEY=VALUE`);
    let value = m[2];
    const q = /^(["'])(.*)\1$/.exec(value);
    if (q) value = q[2];
    else if (/["'\s]/.test(value)) throw new UsageError(`${name} line ${i + 1}: quote a value with spaces or quotes`);
    out.set(m[1], value);
  });
  return out;
}

export function readEnvFile(file: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseEnvFile(text, file);
}
