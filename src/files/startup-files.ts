// Which flash files the device boots from (`startup saved-configuration FILE [ main | backup ]`,
// `display startup`). Like Comware's boot parameters this is not configuration: it is kept in the
// data directory beside flash, not in a configuration file, and survives restarts.
import * as fs from 'node:fs';
import { writeFileAtomic } from '../common/atomic-file';
import { FlashPath, resolvePath } from './names';

export const DEFAULT_STARTUP: FlashPath = ['startup.cfg'];

export interface StartupChoice {
  /** Next start: tried first; null = NULL (none). */
  main: FlashPath | null;
  /** Next start: tried when main is missing or unreadable. */
  backup: FlashPath | null;
  /** The file this start loaded, null when none. */
  current: FlashPath | null;
}

interface Stored {
  main: string | null;
  backup: string | null;
  current: string | null;
}

const toPath = (s: unknown): FlashPath | null => {
  if (typeof s !== 'string') return null;
  try {
    return resolvePath(s);
  } catch {
    return null;
  }
};

export class StartupFiles {
  constructor(private readonly file: string) {}

  read(): StartupChoice {
    let raw: Partial<Stored>;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<Stored>;
    } catch {
      // Never set: the factory choice.
      return { main: DEFAULT_STARTUP, backup: null, current: null };
    }
    return { main: toPath(raw.main), backup: toPath(raw.backup), current: toPath(raw.current) };
  }

  private write(c: StartupChoice): void {
    const s = (p: FlashPath | null) => (p ? '/' + p.join('/') : null);
    writeFileAtomic(this.file, JSON.stringify({ main: s(c.main), backup: s(c.backup), current: s(c.current) }) + '\n', 0o600);
  }

  set(which: 'main' | 'backup', p: FlashPath): void {
    this.write({ ...this.read(), [which]: p });
  }

  /** `undo startup saved-configuration`: both main and backup become NULL. */
  clear(): void {
    this.write({ ...this.read(), main: null, backup: null });
  }

  setCurrent(p: FlashPath | null): void {
    this.write({ ...this.read(), current: p });
  }
}
