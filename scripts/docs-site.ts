/**
 * `npm run docs`: builds the docs site into `docs/site/` (git-ignored): the guides (README,
 * ARCHITECTURE, CONTRIBUTING), the spec pages with every rule anchored by its ID, the
 * transition tables, the statechart diagrams, and typedoc's API reference under `api/`.
 *
 * Usage: `tsx scripts/docs-site.ts [--out <dir>] [--no-api]`
 *
 * @remarks
 * The Markdown pages take about a second; typedoc takes most of the time, so `--no-api` leaves
 * it out (the browser test builds that way). Open `docs/site/index.html` in a browser: every
 * link is relative and nothing is fetched from elsewhere. The rendering lives in
 * `docs-site-lib.ts`.
 * @see TRC-02
 * @packageDocumentation
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  SITE_CSS,
  diagramsPage,
  layout,
  planPages,
  renderMarkdown,
  ruleAnchors,
  type SiteAsset,
  typedocPage,
  type SiteIndex,
} from './docs-site-lib.js';

/** Options of {@link buildSite}. */
export interface BuildOptions {
  /** The repository root. */
  readonly root: string;
  /** Where the site goes; emptied first. */
  readonly out: string;
  /** Whether to run typedoc into `<out>/api`. */
  readonly api: boolean;
}

/** What a build wrote. */
export interface BuildResult {
  readonly pages: number;
  readonly rules: number;
  readonly assets: number;
}

/** The Markdown files the site is made of, `/`-separated relative path to content. */
function readSources(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['README.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md']) {
    const path = join(root, name);
    if (existsSync(path)) files.set(name, readFileSync(path, 'utf8'));
  }
  for (const dir of ['spec', 'spec/machines']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      if (name.endsWith('.md')) files.set(`${dir}/${name}`, readFileSync(join(base, name), 'utf8'));
    }
  }
  return files;
}

/** The diagrams copied into the site. */
function listAssets(root: string): SiteAsset[] {
  const base = join(root, 'docs/diagrams');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((name) => name.endsWith('.svg') || name.endsWith('.mmd'))
    .sort()
    .map((name) => ({ source: `docs/diagrams/${name}`, out: `diagrams/${name}` }));
}

function write(out: string, path: string, content: string): void {
  const file = join(out, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Runs typedoc (the project's typedoc.json) into `<out>/api`; throws with its output on failure. */
function runTypedoc(root: string, out: string): void {
  const bin = join(root, 'node_modules/typedoc/bin/typedoc');
  const run = spawnSync(process.execPath, [bin, '--out', join(out, 'api')], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`typedoc failed:\n${run.stdout}${run.stderr}`);
  const api = join(out, 'api');
  for (const file of readdirSync(api, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.html')) continue;
    const path = join(api, file);
    writeFileSync(path, typedocPage(readFileSync(path, 'utf8'), file.split('\\').join('/')));
  }
}

/** Builds the site: the Markdown pages, the diagrams, the stylesheet and (optionally) the API reference. */
export function buildSite(options: BuildOptions): BuildResult {
  const { root, out } = options;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const files = readSources(root);
  const pages = planPages(files);
  const assets = listAssets(root);
  const site: SiteIndex = { pages, assets, rules: ruleAnchors(pages, files), api: options.api };
  for (const page of pages) {
    const body = renderMarkdown(page, files.get(page.source) ?? '', site);
    write(out, page.out, layout(page.out, page.title, body, site));
  }
  for (const asset of assets) {
    mkdirSync(dirname(join(out, asset.out)), { recursive: true });
    copyFileSync(join(root, asset.source), join(out, asset.out));
  }
  write(out, 'diagrams.html', diagramsPage(site));
  write(out, 'site.css', SITE_CSS);
  if (options.api) runTypedoc(root, out);
  return { pages: pages.length + 1, rules: site.rules.size, assets: assets.length };
}

function main(args: readonly string[]): void {
  const root = resolve(import.meta.dirname, '..');
  let out = join(root, 'docs/site');
  let api = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-api') api = false;
    else if (arg === '--out' && args[i + 1] !== undefined) out = resolve(args[++i] ?? '');
    else throw new Error(`unknown argument: ${arg}\nusage: docs-site [--out <dir>] [--no-api]`);
  }
  const result = buildSite({ root, out, api });
  const apiNote = api ? ', API reference in api/' : '';
  console.log(`docs site: ${result.pages} pages, ${result.rules} rule anchors, ${result.assets} diagrams${apiNote} -> ${join(out, 'index.html')}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
