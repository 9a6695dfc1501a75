/*
 * The frontend plugin's production bundle. `backstage-cli package build` keeps one module per
 * source file (plugins/itsm/dist/**.esm.js): what an app pulls in with the plugin's entry is the
 * closure of its static imports; `import()` targets are loaded later, on demand (the pages and
 * the tab's content), and count in the total only.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface BundleSize {
  /** The entry module, relative to the repository. */
  file: string | null;
  /** The entry and every module it imports statically, in bytes and gzipped (one stream). */
  bytes: number | null;
  gzipBytes: number | null;
  /** Modules in the entry's static closure. */
  entryModules?: number;
  /** Every module of the build, gzipped (one stream). */
  totalGzipBytes?: number;
  totalModules?: number;
  note?: string;
}

const STATIC_IMPORT =
  /(?:^|[\s;])(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative modules that `source` imports or re-exports statically (not `import()`). */
export function staticImports(source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map(m => m[1]);
}

/** The entry and every module reachable from it by static imports (paths as in `modules`). */
export function staticClosure(
  modules: ReadonlyMap<string, string>,
  entry: string,
): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !modules.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(modules.get(file)!)) {
      visit(
        path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)),
      );
    }
  };
  visit(entry);
  return [...seen];
}

function readModules(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      for (const [k, v] of readModules(path.join(dir, entry.name), rel))
        out.set(k, v);
    } else if (entry.name.endsWith('.js')) {
      out.set(rel, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  }
  return out;
}

const gzip = (text: string) =>
  zlib.gzipSync(Buffer.from(text), { level: 9 }).length;

/** The sizes of plugins/itsm's build, when one exists (`dist/`). */
export function bundleSize(repoRoot: string): BundleSize {
  const dist = path.join(repoRoot, 'plugins/itsm/dist');
  const entry = 'index.esm.js';
  if (!fs.existsSync(path.join(dist, entry))) {
    return {
      file: null,
      bytes: null,
      gzipBytes: null,
      note: 'no build of plugins/itsm (`npx tsc` at the root for dist-types, then `npx backstage-cli package build` in plugins/itsm)',
    };
  }
  const modules = readModules(dist);
  const closure = staticClosure(modules, entry);
  const entryText = closure.map(f => modules.get(f)!).join('\n');
  const allText = [...modules.values()].join('\n');
  return {
    file: path.relative(repoRoot, path.join(dist, entry)),
    bytes: Buffer.byteLength(entryText),
    gzipBytes: gzip(entryText),
    entryModules: closure.length,
    totalGzipBytes: gzip(allText),
    totalModules: modules.size,
  };
}
