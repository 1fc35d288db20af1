/**
 * `npm run test:mutation [-- files... | --shard <name>]`: runs StrykerJS (stryker.config.mjs)
 * over src/protocol, over the given source files only, or over one shard (a folder of the core,
 * scripts/mutation-shards.ts) whose reports go to reports/mutation/<shard>.json and .html.
 *
 * @remarks
 * Other arguments starting with `-` are passed to `stryker run` unchanged, so `-- --concurrency 1`
 * works. Never part of `npm test`: a run over all of src/protocol takes hours.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findShard, MUTATION_SHARDS } from './mutation-shards.js';

const args = process.argv.slice(2);
const shardAt = args.indexOf('--shard');
const shardName = shardAt >= 0 ? args[shardAt + 1] : undefined;
const rest = shardAt >= 0 ? [...args.slice(0, shardAt), ...args.slice(shardAt + 2)] : args;
const files = rest.filter((a) => !a.startsWith('-'));
const flags = rest.filter((a) => a.startsWith('-'));
const missing = files.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.error(`test:mutation: no such file: ${missing.join(', ')}`);
  process.exit(2);
}
const shard = shardName === undefined ? undefined : findShard(shardName);
if (shardAt >= 0 && shard === undefined) {
  console.error(`test:mutation: no shard '${shardName ?? ''}'; shards: ${MUTATION_SHARDS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const mutate = shard !== undefined ? [...shard.mutate] : files;
const strykerArgs = ['run', 'stryker.config.mjs', ...(mutate.length > 0 ? ['--mutate', mutate.join(',')] : []), ...flags];
const env = shard === undefined ? process.env : { ...process.env, KGSPEC_MUTATION_SHARD: shard.name };
const result = spawnSync('npx', ['--no-install', 'stryker', ...strykerArgs], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
