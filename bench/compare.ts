/**
 * Compares two `npm run bench -- --json file` outputs (say, two commits): one row per figure
 * both have, with the ratio after/before, written so that above 1 is better (rates: after /
 * before; times and sizes: before / after).
 *
 * Usage: `npx tsx bench/compare.ts before.json after.json`.
 */
import { readFileSync } from 'node:fs';
import { headline, higherIsBetter } from './harness.js';
import type { Figure } from './harness.js';

function load(path: string): Map<string, Figure> {
  const { figures } = JSON.parse(readFileSync(path, 'utf8')) as { figures: Figure[] };
  return new Map(figures.map((f) => [f.id, f]));
}

function unit(f: Figure): string {
  if (f.unit !== undefined) return f.unit;
  return f.work !== undefined ? '/s' : 'ms';
}

const [beforePath, afterPath] = process.argv.slice(2);
if (beforePath === undefined || afterPath === undefined) {
  console.error('usage: tsx bench/compare.ts before.json after.json');
  process.exit(2);
}
const before = load(beforePath);
const after = load(afterPath);
console.log('figure'.padEnd(64) + 'before'.padStart(14) + 'after'.padStart(14) + 'better by'.padStart(11));
for (const [id, a] of after) {
  const b = before.get(id);
  if (b === undefined) continue;
  const hb = headline(b);
  const ha = headline(a);
  const better = higherIsBetter(a) ? ha / hb : hb / ha;
  const fmt = (x: number): string => `${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)} ${unit(a)}`;
  console.log(a.label.padEnd(64) + fmt(hb).padStart(14) + fmt(ha).padStart(14) + `${better.toFixed(2)}x`.padStart(11));
}
