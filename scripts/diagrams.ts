/**
 * `npm run diagrams`: writes, for every statechart in `machines/`, its Mermaid diagram
 * (`docs/diagrams/<id>.mmd`), its Graphviz DOT (`.dot`) and the SVG rendered from it offline
 * (`.svg`), and its transition table (`spec/machines/<id>.md`). Every output is derived from
 * the machine definitions and byte-identical on every run.
 *
 * Usage: `tsx scripts/diagrams.ts [--check]` (`--check` writes nothing and exits 1 when a
 * file is stale).
 *
 * @packageDocumentation
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatedTextFiles, machineEntries, renderSvg, toDot } from './diagrams-lib.js';
import type { GeneratedFile } from './diagrams-lib.js';

const ROOT = resolve(import.meta.dirname, '..');

async function allFiles(): Promise<GeneratedFile[]> {
  const entries = machineEntries();
  const files = generatedTextFiles(entries);
  for (const entry of entries) files.push({ path: `docs/diagrams/${entry.id}.svg`, content: await renderSvg(toDot(entry)) });
  return files;
}

function current(path: string): string | undefined {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return undefined;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`diagrams: unknown argument ${unknown.join(' ')}\nusage: diagrams [--check]\n`);
    return 2;
  }
  let stale = 0;
  for (const file of await allFiles()) {
    if (current(file.path) === file.content) continue;
    stale++;
    if (check) {
      process.stdout.write(`stale: ${file.path}\n`);
      continue;
    }
    mkdirSync(dirname(join(ROOT, file.path)), { recursive: true });
    writeFileSync(join(ROOT, file.path), file.content);
    process.stdout.write(`wrote ${file.path}\n`);
  }
  if (stale === 0) process.stdout.write('diagrams: up to date\n');
  return check && stale > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
