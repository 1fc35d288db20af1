/**
 * `npx tsx scripts/mutation-events.ts <shard>...`: the results so far of a mutation run, read
 * from the event-recorder's files (reports/mutation/<shard>-events/), so a run cut short by time
 * still yields its sample: the count of mutants per status and per file, and every survivor with
 * its place, mutator and replacement.
 *
 * @remarks
 * The finished report (reports/mutation/<shard>.json) holds the same results once a run ends.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The fields of a mutant result this script reads (Stryker's `MutantResult`). */
interface MutantResult {
  readonly fileName: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

/**
 * The results recorded for `shard`: from its finished report when there is one, else from the
 * event-recorder's files, in the order the mutants finished.
 */
export function readResults(shard: string, root = 'reports/mutation'): MutantResult[] {
  const report = join(root, `${shard}.json`);
  if (existsSync(report)) {
    const files = (JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { mutants: Omit<MutantResult, 'fileName'>[] }> }).files;
    return Object.entries(files).flatMap(([fileName, f]) => f.mutants.map((m) => ({ ...m, fileName })));
  }
  const dir = join(root, `${shard}-events`);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('-onMutantTested.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as MutantResult)
    .map((r) => ({ ...r, fileName: relative(process.cwd(), r.fileName) }));
}

/** Counts per status, as `{ Killed: n, Survived: n, ... }`. */
export function countByStatus(results: readonly MutantResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/**
 * Stryker's mutation score in percent: (killed + timeout) over those plus survived and no
 * coverage, ignoring compile errors, runtime errors and ignored mutants.
 */
export function score(counts: Readonly<Record<string, number>>): number {
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return detected + undetected === 0 ? NaN : (100 * detected) / (detected + undetected);
}

function main(shards: readonly string[]): void {
  for (const shard of shards) {
    const results = readResults(shard);
    const counts = countByStatus(results);
    console.log(`${shard}: ${results.length} mutants ${JSON.stringify(counts)} score ${score(counts).toFixed(2)}%`);
    const files = [...new Set(results.map((r) => r.fileName))].sort();
    for (const file of files) {
      const own = results.filter((r) => r.fileName === file);
      const c = countByStatus(own);
      console.log(`  ${file}: ${own.length} ${JSON.stringify(c)} ${score(c).toFixed(2)}%`);
    }
    for (const r of results.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      console.log(`  ${r.status} ${r.fileName}:${r.location.start.line}:${r.location.start.column} ${r.mutatorName} -> ${JSON.stringify(r.replacement ?? '')}`);
    }
  }
}

if (process.argv[1]?.endsWith('mutation-events.ts')) main(process.argv.slice(2));
