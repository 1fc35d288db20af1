/**
 * The shards of the mutation run over src/protocol: one per folder of the core, so each runs in
 * well under an hour on two cores and keeps its own report (reports/mutation/<shard>.json).
 */

/** A shard: its name (the report's file name) and the files Stryker mutates (globs). */
export interface MutationShard {
  /** The report's base name under reports/mutation/. */
  readonly name: string;
  /** Stryker `mutate` globs, relative to the repository root. */
  readonly mutate: readonly string[];
}

/**
 * Every shard, in the order a partial run should take them: the group coordinator first (classic,
 * then KIP-848), then the assignors, the codecs, offsets and the rest. Together they cover every
 * file of src/protocol exactly once (test/unit/scripts/mutation-shards.test.ts checks it).
 */
export const MUTATION_SHARDS: readonly MutationShard[] = [
  { name: 'classic', mutate: ['src/protocol/classic/**/*.ts'] },
  { name: 'consumer', mutate: ['src/protocol/consumer/*.ts'] },
  { name: 'server-assignors', mutate: ['src/protocol/consumer/assignors/**/*.ts'] },
  { name: 'assignors', mutate: ['src/protocol/assignors/**/*.ts'] },
  { name: 'offsets', mutate: ['src/protocol/offsets/**/*.ts'] },
  { name: 'messages', mutate: ['src/protocol/messages/**/*.ts'] },
  { name: 'consumer-protocol', mutate: ['src/protocol/consumer-protocol/**/*.ts'] },
  { name: 'core', mutate: ['src/protocol/*.ts', 'src/protocol/handler/**/*.ts'] },
];

/** The shard called `name`, or undefined. */
export function findShard(name: string): MutationShard | undefined {
  return MUTATION_SHARDS.find((s) => s.name === name);
}
