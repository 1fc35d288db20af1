/**
 * The benchmark harness: every benchmark checks what it measured before it reports, runs a
 * warm-up, then at least five timed runs, and reports the minimum and the median.
 *
 * @remarks
 * A figure is a time per run (`ms`), with the amount of work done in that run when it is a
 * rate (heartbeats, commits), so rates are derived from the same runs. A check that fails
 * throws {@link BenchCheckError}: the suite stops and exits non-zero instead of reporting a
 * figure for work that was not done. Suites write their figures as JSON
 * (`--json file`), which `bench/main.ts` merges into one table of ratios and
 * `bench/compare.ts` compares across commits.
 */
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';

/** A benchmark's own check failed: the figure would not measure what it claims. */
export class BenchCheckError extends Error {
  override readonly name = 'BenchCheckError';
}

/** Throws a {@link BenchCheckError} with `message` unless `condition` holds. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new BenchCheckError(message);
}

/** One measured figure: the time of each timed run, and the work per run for a rate. */
export interface Figure {
  /** Stable id, the key for comparisons across commits (`heartbeat.100`). */
  readonly id: string;
  readonly label: string;
  /** Milliseconds of each timed run, in run order. */
  readonly samplesMs: number[];
  readonly minMs: number;
  readonly medianMs: number;
  /** Units of work per run (heartbeats, commits) when the figure is a rate, else absent. */
  readonly work?: number;
  /** For a size figure (heap bytes per member): the value of each run, lower is better. */
  readonly values?: number[];
  readonly minValue?: number;
  readonly medianValue?: number;
  readonly unit?: string;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Timed runs (at least 5; `BENCH_RUNS` raises it). */
  readonly runs?: number;
  /** Untimed warm-up runs (1). */
  readonly warmup?: number;
  /**
   * Exactly this many timed runs, ignoring the five-run floor and `BENCH_RUNS`: only for a
   * figure whose run takes seconds (the wire suite's kafkajs group, at least 3).
   */
  readonly exactRuns?: number;
}

function runCount(options: MeasureOptions): number {
  return options.exactRuns ?? Math.max(RUNS, options.runs ?? 0);
}

/** Runs of every figure: at least five, more with `BENCH_RUNS`. */
export const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 5));

/** Collects garbage when the process was started with `--expose-gc`. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Times `run` (which must check its own result and throw {@link BenchCheckError} when it is
 * wrong) after `warmup` untimed runs. `run` returns the milliseconds it measured itself, so
 * set-up and checks stay outside the timed part.
 */
export function measure(id: string, label: string, run: () => number, options: MeasureOptions & { work?: number } = {}): Figure {
  for (let i = 0; i < (options.warmup ?? 1); i++) run();
  const samplesMs: number[] = [];
  for (let i = 0, n = runCount(options); i < n; i++) {
    gc();
    samplesMs.push(run());
  }
  return timeFigure(id, label, samplesMs, options.work);
}

/**
 * A time (or rate, with `work` per run) figure from timed runs, printed as it is made: for a
 * second figure taken from the same runs as one of {@link measureAsync} (warm-up left out).
 */
export function timeFigure(id: string, label: string, samplesMs: number[], work?: number): Figure {
  const figure: Figure = { id, label, samplesMs, minMs: Math.min(...samplesMs), medianMs: median(samplesMs), ...(work !== undefined ? { work } : {}) };
  console.error(`  ${label}: ${describe(figure)}`);
  return figure;
}

/** {@link measure} for a run that returns a promise of the milliseconds it measured (`work` per run for a rate). */
export async function measureAsync(id: string, label: string, run: () => Promise<number>, options: MeasureOptions & { work?: number } = {}): Promise<Figure> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await run();
  const samplesMs: number[] = [];
  for (let i = 0, n = runCount(options); i < n; i++) {
    gc();
    samplesMs.push(await run());
  }
  return timeFigure(id, label, samplesMs, options.work);
}

/** A size figure (lower is better): each run returns the value it measured. */
export function measureValue(id: string, label: string, unit: string, run: () => number, options: MeasureOptions = {}): Figure {
  for (let i = 0; i < (options.warmup ?? 0); i++) run();
  const values: number[] = [];
  for (let i = 0, n = runCount(options); i < n; i++) values.push(run());
  const figure: Figure = { id, label, samplesMs: [], minMs: 0, medianMs: 0, values, minValue: Math.min(...values), medianValue: median(values), unit };
  console.error(`  ${label}: ${describe(figure)}`);
  return figure;
}

/** Times one call of `fn` in milliseconds. */
export function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** The figure's headline value: the median rate per second, the median value, or the median ms. */
export function headline(f: Figure): number {
  if (f.medianValue !== undefined) return f.medianValue;
  if (f.work !== undefined) return f.work / (f.medianMs / 1000);
  return f.medianMs;
}

/** Whether a larger headline is better (rates), or a smaller one (times, sizes). */
export function higherIsBetter(f: Figure): boolean {
  return f.work !== undefined;
}

/** `median (min)` in the figure's own unit. */
export function describe(f: Figure): string {
  if (f.medianValue !== undefined) return `${f.medianValue.toFixed(0)} ${f.unit} median (min ${f.minValue!.toFixed(0)})`;
  if (f.work !== undefined) {
    const best = f.work / (f.minMs / 1000);
    return `${Math.round(headline(f)).toLocaleString('en-US')}/s median (best ${Math.round(best).toLocaleString('en-US')}/s)`;
  }
  return `${f.medianMs.toFixed(1)} ms median (min ${f.minMs.toFixed(1)} ms)`;
}

/** The value of `--name value` on the command line, if given. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Whether `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(name);
}

/**
 * Runs a suite: prints its figures and writes them to `--json file` when asked; a failed
 * check prints why and exits with status 1, reporting nothing.
 */
export async function runSuite(name: string, body: () => Figure[] | Promise<Figure[]>): Promise<void> {
  try {
    console.error(`${name}:`);
    const figures = await body();
    const out = arg('--json');
    if (out !== undefined) writeFileSync(out, JSON.stringify({ suite: name, figures }, null, 2));
  } catch (e) {
    if (!(e instanceof BenchCheckError)) throw e;
    console.error(`${name}: check failed, nothing reported: ${e.message}`);
    process.exit(1);
  }
}
