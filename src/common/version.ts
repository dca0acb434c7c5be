import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from './paths';

let cached: string | undefined;

export function packageVersion(): string {
  if (!cached) {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8'));
    cached = String(pkg.version);
  }
  return cached;
}
