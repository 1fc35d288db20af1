/**
 * `npm run test:mutation [-- files...]`: runs StrykerJS (stryker.config.mjs) over
 * src/protocol, or over the given source files only.
 *
 * @remarks
 * Positional arguments become Stryker's `--mutate` list (comma-separated); arguments starting
 * with `-` are passed to `stryker run` unchanged, so `-- --concurrency 2` works. Never part of
 * `npm test`: a run over all of src/protocol takes a long time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const missing = files.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.error(`test:mutation: no such file: ${missing.join(', ')}`);
  process.exit(2);
}
const strykerArgs = ['run', 'stryker.config.mjs', ...(files.length > 0 ? ['--mutate', files.join(',')] : []), ...flags];
const result = spawnSync('npx', ['--no-install', 'stryker', ...strykerArgs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
