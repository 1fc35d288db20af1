/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a fresh project
 * (offline: its run-time dependencies come from this checkout's node_modules, packed too), then the README's
 * library example and the installed `kgspec` run from there. Also: in a checkout, `kgspec`
 * rebuilds before it runs when a source is newer than the build. Both tests run `tsc -b` on
 * this checkout's dist/, so they live in one file, which runs its tests one after the other.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const npmFound = spawnSync('npm', ['--version'], { encoding: 'utf8' }).status === 0;

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The installed paths (`node_modules/x`) of every package the project needs at run time, from
 * the lock file (entries not marked dev), so the fresh project can install offline.
 */
function runtimeDependencies(): string[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && !path.slice('node_modules/'.length).includes('node_modules/') && entry.dev !== true)
    .map(([path]) => path);
}

/** The first ```ts block of the README's "As a library" section, as JavaScript. */
function readmeLibraryExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## As a library'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (code === undefined) throw new Error("README.md has no ```ts block under '## As a library'");
  return ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

describe.skipIf(!npmFound)(`the packed package${npmFound ? '' : ' (skipped: npm is not on PATH)'}`, () => {
  it('installs from its tarball into a fresh project, where the README library example and kgspec --version run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgspec-pack-'));
    // npm pack runs `prepare`, the incremental build, so the tarball holds current code.
    run('npm', ['pack', '--pack-destination', dir], root);
    // One npm for all of them: an npm start per dependency cost a second or more each.
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, ...runtimeDependencies().map((dep) => join(root, dep))], root);
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => join(dir, f));
    const files = run('tar', ['-tzf', tarballs.find((t) => t.includes('kafka-group-spec'))!], dir).split('\n');
    expect(files.filter((f) => f.endsWith('.map') || f.endsWith('.tsbuildinfo') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/NOTICE', 'package/docs/diagrams/classic-group.svg', 'package/dist/src/index.js']));
    // Every entry point of package.json's exports ships (kafka-group-spec/vitest among them).
    const exportsMap = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> }).exports;
    expect(Object.keys(exportsMap)).toContain('./vitest');
    for (const entry of Object.values(exportsMap)) expect(files).toEqual(expect.arrayContaining([`package/${entry.default.slice(2)}`, `package/${entry.types.slice(2)}`]));

    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs], app);

    writeFileSync(join(app, 'example.mjs'), `${readmeLibraryExample()}\nconsole.log(coordinator.state.groups.get('g')?.state);\n`);
    expect(run('node', ['example.mjs'], app).trim()).toBe('Stable');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(run(join(app, 'node_modules', '.bin', 'kgspec'), ['--version'], app).trim()).toBe(version);
  }, 180_000);
});

describe('kgspec in a checkout', () => {
  it('rebuilds dist/ (tsc -b) before running when a source is newer than the last build, and only then', () => {
    const stamp = join(root, 'dist', '.tsbuildinfo');
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    run('node', [join(root, 'bin', 'kgspec.js'), '--version'], root); // a build exists from here on
    expect(existsSync(stamp)).toBe(true);
    const past = new Date('2000-01-01T00:00:00Z');
    utimesSync(stamp, past, past); // every source is now newer than the build
    expect(run('node', [join(root, 'bin', 'kgspec.js'), '--version'], root).trim()).toBe(version);
    const rebuilt = statSync(stamp).mtimeMs;
    expect(rebuilt).toBeGreaterThan(past.getTime());
    run('node', [join(root, 'bin', 'kgspec.js'), '--version'], root);
    expect(statSync(stamp).mtimeMs).toBe(rebuilt); // fresh: no second build
  }, 120_000);
});
