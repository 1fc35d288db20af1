#!/usr/bin/env node
// The kgspec command: always the built JavaScript in dist/, never tsx, so it starts about as
// fast as node itself. In a source checkout (src/ beside bin/) it first rebuilds, with the
// incremental `tsc -b tsconfig.build.json`, when any source is newer than the last build, so
// it never runs stale code; an installed package has no src/ and starts dist/ at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}dist/.tsbuildinfo`;

/** The newest modification time among the build's inputs (directories too: a deleted file counts). */
function newestInput() {
  let newest = 0;
  const visit = (path) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) return;
    newest = Math.max(newest, st.mtimeMs);
    if (st.isDirectory()) for (const name of readdirSync(path)) if (name !== 'node_modules') visit(`${path}/${name}`);
  };
  for (const input of ['src', 'machines', 'spec', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) visit(`${root}${input}`);
  return newest;
}

function buildIfStale() {
  const built = statSync(stamp, { throwIfNoEntry: false });
  if (built !== undefined && built.mtimeMs >= newestInput()) return;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    if (built !== undefined) return; // no compiler (a production install of a clone): run the build there is
    process.stderr.write('kgspec: dist/ is missing and typescript is not installed: run npm install (which builds)\n');
    process.exit(1);
  }
  // The compiler's output goes to stderr, so that stdout stays the command's own.
  const r = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    process.stderr.write('kgspec: the build failed (tsc -b tsconfig.build.json, above); not running stale code\n');
    process.exit(1);
  }
  // tsc -b leaves its build info untouched when only timestamps changed: mark the build fresh.
  const now = new Date();
  if (existsSync(stamp)) utimesSync(stamp, now, now);
}

if (existsSync(`${root}src/cli/main.ts`)) buildIfStale();
await import(new URL('../dist/src/cli/main.js', import.meta.url).href);
