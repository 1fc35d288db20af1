// `npm run prepare`: builds dist/ (incrementally) when the package is installed from a clone,
// a folder or a git URL, or packed. A folder installed with `npm install <folder>` gets no dev
// dependencies of its own, so the compiler is installed into the folder first, as npm does for
// a git dependency; a checkout that has them (npm ci, npm install) just builds.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(tsc)) {
  // Scripts off: this inner install must not run prepare again.
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--install-links=false']);
}
run(process.execPath, [tsc, '-b', 'tsconfig.build.json']);
