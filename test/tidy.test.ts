/**
 * The tidy test: no ambient time, randomness or timers in the deterministic folders, the
 * layer order of `src/` (cli > conformance > wire > sim > client > broker > transport > time >
 * protocol) and the boundaries between `src/` and `machines/`.
 *
 * @see ARCHITECTURE.md, "Dependency rules" and "Time, ids and determinism"
 * @see CONTRIBUTING.md, rule 2
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankComments, lineOf, lineStarts } from '../scripts/spec-check-lib.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Folders that must be deterministic: time from a Clock, ids from an injected generator. */
const DETERMINISTIC = ['src/protocol', 'src/broker', 'src/client', 'src/sim', 'machines'];

/** The ambient calls banned there, with the text reported for each. */
const BANNED: readonly (readonly [string, RegExp])[] = [
  ['Date.now(', /\bDate\s*\.\s*now\s*\(/g],
  ['new Date(', /\bnew\s+Date\s*\(/g],
  ['performance.now(', /\bperformance\s*\.\s*now\s*\(/g],
  ['Math.random(', /\bMath\s*\.\s*random\s*\(/g],
  ['getRandomValues(', /\bgetRandomValues\s*\(/g],
  ['randomUUID(', /\brandomUUID\s*\(/g],
  ['setTimeout(', /\bsetTimeout\s*\(/g],
  ['setInterval(', /\bsetInterval\s*\(/g],
  ['setImmediate(', /\bsetImmediate\s*\(/g],
];

/**
 * The layers of `src/`, top first: an import may only point down this list (or within its own
 * layer). Listed whether or not the folder exists yet, so a new folder is checked from its
 * first file, and a folder under `src/` that is not listed is itself a violation.
 */
const LAYERS = ['cli', 'conformance', 'wire', 'sim', 'client', 'broker', 'transport', 'time', 'protocol'] as const;

const LAYER_ORDER = LAYERS.join(' > ');


interface Violation {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

interface ImportRef {
  readonly specifier: string;
  readonly line: number;
  /** `import type` / `export type ... from` / `typeof import()`: erased at compile time. */
  readonly typeOnly: boolean;
}

const show = (v: Violation): string => `${v.file}:${v.line}: ${v.message}`;

/** Banned ambient calls in `source` (comments ignored). `file` is root-relative. */
function findBannedCalls(file: string, source: string): Violation[] {
  const code = blankComments(source);
  const starts = lineStarts(code);
  const found: Violation[] = [];
  for (const [name, pattern] of BANNED) {
    for (const match of code.matchAll(pattern)) {
      found.push({ file, line: lineOf(starts, match.index), message: `banned ambient call ${name}` });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

const STATEMENT_START = /(?:^|[;}])[ \t]*(import|export)\b/gm;
// The clause between the keyword and `from` may span lines but never reaches into a string,
// past a `;` or into the next import/export statement.
const FROM =
  /^(import|export)\s+(type\s+(?!from\b))?(?:(?!\n[ \t]*(?:import|export)\b)[^'"`;])*?\bfrom\s*(['"])([^'"\r\n]+)\3/;
const BARE_IMPORT = /^import\s*(['"])([^'"\r\n]+)\1/;
const DYNAMIC_IMPORT = /(\btypeof\s+)?\bimport\s*\(\s*(['"])([^'"\r\n]+)\2/g;

/** Every static and dynamic import (and re-export) of `source`, comments ignored. */
function findImports(source: string): ImportRef[] {
  const code = blankComments(source);
  const starts = lineStarts(code);
  const refs: ImportRef[] = [];
  for (const start of code.matchAll(STATEMENT_START)) {
    const at = start.index + start[0].length - (start[1] ?? '').length;
    const statement = code.slice(at, at + 2000);
    const from = FROM.exec(statement);
    const bare = from === null ? BARE_IMPORT.exec(statement) : null;
    const specifier = from?.[4] ?? bare?.[2];
    if (specifier === undefined) continue;
    refs.push({ specifier, line: lineOf(starts, at), typeOnly: from?.[2] !== undefined });
  }
  for (const match of code.matchAll(DYNAMIC_IMPORT)) {
    const specifier = match[3] ?? '';
    refs.push({ specifier, line: lineOf(starts, match.index), typeOnly: match[1] !== undefined });
  }
  return refs.sort((a, b) => a.line - b.line);
}

/**
 * Where an import points, as a root-relative `/`-separated path for relative specifiers
 * and the self-reference `kafka-group-spec`, else the bare package specifier.
 */
function target(file: string, specifier: string): { readonly local: boolean; readonly path: string } {
  if (specifier.startsWith('.')) {
    return { local: true, path: posix.normalize(posix.join(posix.dirname(file), specifier)) };
  }
  if (specifier === 'kafka-group-spec' || specifier.startsWith('kafka-group-spec/')) {
    const rest = specifier.slice('kafka-group-spec'.length);
    return { local: true, path: rest.startsWith('/machines') ? `machines${rest.slice(9)}` : `src${rest}` };
  }
  return { local: false, path: specifier };
}

const within = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);
const isXstate = (specifier: string): boolean => specifier === 'xstate' || specifier.startsWith('xstate/');

/** The folder directly under `src/` that `path` is in (`undefined` for `src/index.ts` itself). */
function srcFolder(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/** Rank in {@link LAYERS} (0 = top), or -1 for a folder that is not a layer. */
const rankOf = (folder: string): number => (LAYERS as readonly string[]).indexOf(folder);

/** Why an import from `src/<layer>` to local `path` breaks the layer order, if it does. */
function layerProblem(file: string, path: string, what: string): string | undefined {
  const from = srcFolder(file);
  if (from === undefined || rankOf(from) < 0 || !within(path, 'src')) return undefined;
  const to = srcFolder(path);
  if (to === undefined) return `src/${from} must not import the package root (${what})`;
  if (rankOf(to) < 0) return `src/${from} must not import from src/${to}, which is not a layer (${what})`;
  if (rankOf(to) < rankOf(from)) return `src/${from} must not import from src/${to} (${what})`;
  return undefined;
}

/** Why an import breaks a boundary, or undefined when it is allowed. */
function boundaryProblem(file: string, ref: ImportRef): string | undefined {
  const { local, path } = target(file, ref.specifier);
  const what = `'${ref.specifier}'`;
  if (within(file, 'src/protocol') && !local && isXstate(path)) return `src/protocol must not import XState (${what})`;
  if (within(file, 'src') && local && within(path, 'machines')) {
    return `src/ must not import from machines/ (${what})`;
  }
  if (within(file, 'src') && local) return layerProblem(file, path, what);
  if (within(file, 'machines')) {
    if (!local) return isXstate(path) ? undefined : `machines/ may import only xstate (${what})`;
    if (within(path, 'machines')) return undefined;
    if (within(path, 'src')) return ref.typeOnly ? undefined : `machines/ may import src/ only with import type (${what})`;
    return `machines/ may import only xstate, machines/ and types from src/ (${what})`;
  }
  return undefined;
}

/** Import-boundary violations of one file; `file` is root-relative, `/`-separated. */
function findBoundaryViolations(file: string, source: string): Violation[] {
  return findImports(source).flatMap((ref) => {
    const message = boundaryProblem(file, ref);
    return message === undefined ? [] : [{ file, line: ref.line, message }];
  });
}

/** Paths relative to `root` of the `.ts` files under `folder`, recursive; none if it is missing. */
function tsFiles(folder: string, root = ROOT): string[] {
  const base = join(root, folder);
  try {
    if (!statSync(base).isDirectory()) return [];
  } catch {
    return [];
  }
  const entries = readdirSync(base, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Folders directly under `root/src` that are not in {@link LAYERS}. */
function unlistedFolders(root: string): Violation[] {
  const entries = readdirSync(join(root, 'src'), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && rankOf(e.name) < 0)
    .map((e) => ({ file: `src/${e.name}`, line: 0, message: `src/${e.name} is not a layer; add it to LAYERS (${LAYER_ORDER})` }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Every import-boundary violation of the tree at `root` (its `src/` and `machines/`). */
function checkBoundaries(root: string): Violation[] {
  const files = ['src', 'machines'].flatMap((folder) => tsFiles(folder, root));
  const imports = files.flatMap((file) => findBoundaryViolations(file, readFileSync(join(root, file), 'utf8')));
  return [...unlistedFolders(root), ...imports];
}

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('tidy', () => {
  it('[TIDY-01] the scanner finds banned calls in code but not in comments', () => {
    const source = [
      'const a = Date.now(); // Math.random() here is only a comment',
      '/* new Date() in a block',
      '   setTimeout(f, 1) */ const t = globalThis.setTimeout (f, 1);',
      "const s = '//'; const id = crypto.randomUUID();",
      'const n = performance.now() + Math.random(); queueMicrotask(f);',
      'const d = new  Date(0); setInterval(f, 1); setImmediate(f); crypto.getRandomValues(b);',
    ].join('\n');
    expect(findBannedCalls('src/sim/x.ts', source).map((v) => `${v.line} ${v.message.slice(20)}`)).toEqual([
      '1 Date.now(',
      '3 setTimeout(',
      '4 randomUUID(',
      '5 performance.now(',
      '5 Math.random(',
      '6 new Date(',
      '6 getRandomValues(',
      '6 setInterval(',
      '6 setImmediate(',
    ]);
  });

  it('[TIDY-01] no ambient time, randomness or timers in the deterministic folders', () => {
    const files = DETERMINISTIC.flatMap((folder) => tsFiles(folder));
    expect(tsFiles('src/protocol').length).toBeGreaterThan(0);
    const violations = files.flatMap((file) => findBannedCalls(file, read(file)));
    expect(violations.map(show), 'use the injected Clock / id generator instead').toEqual([]);
  });

  it('[TIDY-02] the import checker resolves specifiers and flags bad imports', () => {
    const protocol = [
      "import type { Clock } from '../time/clock.js';",
      "import { thing } from './records.js';",
      "export { x } from '../../machines/group.machine.js';",
      "import { setup } from 'xstate';",
      "// import { y } from '../broker/broker.js';",
      "const m = await import('../sim/run.js');",
    ].join('\n');
    expect(findBoundaryViolations('src/protocol/group.ts', protocol).map(show)).toEqual([
      "src/protocol/group.ts:1: src/protocol must not import from src/time ('../time/clock.js')",
      "src/protocol/group.ts:3: src/ must not import from machines/ ('../../machines/group.machine.js')",
      "src/protocol/group.ts:4: src/protocol must not import XState ('xstate')",
      "src/protocol/group.ts:6: src/protocol must not import from src/sim ('../sim/run.js')",
    ]);
    const machine = [
      "import { setup, assign } from 'xstate';",
      "import { createTestModel } from 'xstate/graph';",
      "import type { GroupState } from '../src/protocol/group.js';",
      "import { GROUP_STATES } from '../src/protocol/group.js';",
      "import { shared } from './shared.js';",
      "import { readFileSync } from 'node:fs';",
      "import { x } from '../test/helpers/h.js';",
      'export function f(): void {}',
      'import type {',
      '  A,',
      "} from '../src/protocol/types.js';",
      "export * from './other.machine.js';",
    ].join('\n');
    expect(findBoundaryViolations('machines/group.machine.ts', machine).map((v) => v.line)).toEqual([4, 6, 7]);
    expect(findBoundaryViolations('src/broker/b.ts', "import { a } from '../time/clock.js';")).toEqual([]);
  });

  it('[TIDY-02] every layer may import only the layers below it', () => {
    const source = [
      "import { EventLoop } from '../time/event-loop.js';",
      "import type { Cluster } from '../broker/cluster/cluster.js';",
      "import { decode } from '../wire/codec.js';",
      "import { x } from '../../src/index.js';",
      "import { y } from '../extras/y.js';",
      "import { z } from './z.js';",
    ].join('\n');
    expect(findBoundaryViolations('src/transport/t.ts', source).map((v) => `${v.line} ${v.message}`)).toEqual([
      `2 src/transport must not import from src/broker ('../broker/cluster/cluster.js')`,
      `3 src/transport must not import from src/wire ('../wire/codec.js')`,
      "4 src/transport must not import the package root ('../../src/index.js')",
      "5 src/transport must not import from src/extras, which is not a layer ('../extras/y.js')",
    ]);
    // Layers that do not exist yet are checked all the same; each may import everything below it.
    for (const [i, layer] of LAYERS.entries()) {
      for (const [j, other] of LAYERS.entries()) {
        const found = findBoundaryViolations(`src/${layer}/a.ts`, `import { b } from '../${other}/b.js';`);
        expect(found.length, `src/${layer} -> src/${other}`).toBe(j < i ? 1 : 0);
      }
    }
  });

  it('[TIDY-02] the checker reports a bad import in a fixture tree', () => {
    const fixture = join(ROOT, 'test/fixtures/tidy/bad-layer');
    expect(checkBoundaries(fixture).map(show)).toEqual([
      'src/extras:0: src/extras is not a layer; add it to LAYERS (' + LAYER_ORDER + ')',
      `src/protocol/x.ts:1: src/protocol must not import from src/broker ('../broker/y.js')`,
      `src/wire/w.ts:2: src/wire must not import from src/cli ('../cli/main.js')`,
    ]);
  });

  it('[TIDY-02] src/client and src/transport import nothing from src/broker: the consumer runs over any transport', () => {
    const files = [...tsFiles('src/client'), ...tsFiles('src/transport')];
    expect(files.length).toBeGreaterThan(0);
    const imports = files.flatMap((file) =>
      findImports(read(file)).map((ref) => ({ file, line: ref.line, path: target(file, ref.specifier).path })),
    );
    const runtime = imports.filter((i) => within(i.path, 'src/broker'));
    expect(runtime.map((i) => `${i.file}:${i.line}: ${i.path}`), 'the consumer runs over a ClientTransport and a Scheduler').toEqual([]);
  });

  it('[TIDY-02] src/, every layer in it, and machines/ respect the import boundaries', () => {
    expect(tsFiles('src/protocol').length).toBeGreaterThan(0);
    expect(checkBoundaries(ROOT).map(show), `layer order ${LAYER_ORDER}; see ARCHITECTURE.md, "Dependency rules"`).toEqual([]);
  });
});
