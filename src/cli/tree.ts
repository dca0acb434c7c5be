// Loads cli-tree/*.yaml once per process and compiles it. A JSON cache of the parsed files (kept
// next to the build output) spares the `yaml` package load on every CLI start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileCommand, exactList, SyntaxError } from './syntax';
import type { CommandSource, CompiledCommand, CompiledView, Tree, ViewSource } from './tree-types';

export class TreeError extends Error {}

interface CacheFile {
  stamp: string;
  sources: ViewSource[];
}

/** A cheap fingerprint of the YAML files: names, sizes and modification times. */
function stampOf(dir: string, files: string[]): string {
  return files
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

export function readSources(dir: string, cacheFile?: string): ViewSource[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const stamp = stampOf(dir, files);
  if (cacheFile) {
    try {
      const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CacheFile;
      if (cached.stamp === stamp) return cached.sources;
    } catch {
      // no cache yet or unreadable: parse the YAML
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const sources = files.map((f) => YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as ViewSource);
  if (cacheFile) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ stamp, sources } satisfies CacheFile));
      fs.renameSync(tmp, cacheFile);
    } catch {
      // read-only install: parse each time
    }
  }
  return sources;
}

export function compileTree(sources: ViewSource[]): Tree {
  const byName = new Map<string, ViewSource>();
  for (const s of sources) {
    if (byName.has(s.view)) throw new TreeError(`view '${s.view}' defined twice`);
    byName.set(s.view, s);
  }
  const handlerNames = new Set<string>();
  const sectionNames = new Set<string>();
  let nextId = 0;
  const compiled = new Map<string, CompiledCommand[]>();

  const compileFile = (src: ViewSource): CompiledCommand[] => {
    const done = compiled.get(src.view);
    if (done) return done;
    const out: CompiledCommand[] = [];
    const one = (
      cmd: Pick<CommandSource, 'syntax' | 'help' | 'patterns'>,
      level: number,
      handler: string,
      undo: boolean,
      extra: Pick<CommandSource, 'enters' | 'secret' | 'filter' | 'unattended'>,
    ) => {
      const lookup = (tok: string): string => {
        const h = cmd.help?.[tok] ?? src.keywords?.[tok];
        if (h === undefined) throw new TreeError(`${src.view}: '${cmd.syntax}': no help for '${tok}'`);
        return h;
      };
      try {
        out.push(
          compileCommand(
            {
              id: nextId++,
              syntax: cmd.syntax,
              level,
              handler,
              undo,
              secret: extra.secret ?? false,
              filter: extra.filter ?? false,
              enters: extra.enters,
              unattended: extra.unattended,
            },
            lookup,
            cmd.patterns,
          ),
        );
      } catch (err) {
        if (err instanceof SyntaxError) throw new TreeError(`${src.view}: ${err.message}`);
        throw err;
      }
      handlerNames.add(handler);
    };
    for (const cmd of src.commands) {
      if (cmd.enters && !byName.has(cmd.enters.view)) {
        throw new TreeError(`${src.view}: '${cmd.syntax}' enters unknown view '${cmd.enters.view}'`);
      }
      one(cmd, cmd.level, cmd.handler, false, cmd);
      if (cmd.undo === 'derived') {
        one({ ...cmd, syntax: `undo ${cmd.syntax}` }, cmd.level, cmd.handler, true, { secret: cmd.secret });
      } else if (cmd.undo) {
        const u = cmd.undo;
        one(
          { syntax: u.syntax, help: { ...cmd.help, ...u.help }, patterns: u.patterns },
          u.level ?? cmd.level,
          u.handler ?? cmd.handler,
          true,
          { secret: cmd.secret },
        );
      }
    }
    compiled.set(src.view, out);
    return out;
  };

  const views = new Map<string, CompiledView>();
  for (const src of sources) {
    if (src.abstract) continue;
    const fileOwn = compileFile(src);
    const own = [...fileOwn];
    for (const g of src.include ?? []) {
      const group = byName.get(g);
      if (!group) throw new TreeError(`${src.view}: includes unknown group '${g}'`);
      const commands = compileFile(group);
      own.push(...commands);
      // A part of the view split into its own file: sub-views falling through reach it too.
      if (group.inherited) fileOwn.push(...commands);
    }
    if (src.fallthrough && !byName.has(src.fallthrough)) {
      throw new TreeError(`${src.view}: falls through to unknown view '${src.fallthrough}'`);
    }
    if (src.parent && !byName.has(src.parent)) throw new TreeError(`${src.view}: unknown parent '${src.parent}'`);
    if (!src.prompt) throw new TreeError(`${src.view}: a view needs a prompt template`);
    const sections = src.section === undefined ? [] : [src.section].flat();
    for (const s of sections) sectionNames.add(s);
    if (src.lines) handlerNames.add(src.lines);
    views.set(src.view, {
      name: src.view,
      parent: src.parent,
      prompt: src.prompt,
      helpHeader: src.helpHeader ?? '',
      sections,
      fallthrough: src.fallthrough,
      lines: src.lines,
      own,
      fileOwn,
    });
  }
  for (const src of sources) if (src.abstract) compileFile(src);
  if (!views.has('user')) throw new TreeError("the tree needs a 'user' view");
  // Without the spare capacity the pushes left (the tree lives in every CLI process).
  for (const v of views.values()) {
    v.own = exactList(v.own);
    v.fileOwn = exactList(v.fileOwn);
  }
  return { views, handlerNames, sectionNames };
}

const loaded = new Map<string, Tree>();

/** The compiled tree of `dir`, parsed once per process. */
export function loadTree(dir: string, cacheFile?: string): Tree {
  let tree = loaded.get(dir);
  if (!tree) {
    tree = compileTree(readSources(dir, cacheFile));
    loaded.set(dir, tree);
  }
  return tree;
}
