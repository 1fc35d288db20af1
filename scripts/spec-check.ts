/**
 * `npm run spec:check`: checks every rule in `spec/` against the tests, scenarios and machine
 * transitions that cite it (`--verbose` prints the table, rule by rule), and fails when a rule is uncovered, an unknown rule is cited,
 * a rule-like label in `src/` or `machines/` names no rule (`spec-labels.ts`), a rule ID is
 * defined twice, or there are no rules.
 *
 * Usage: `tsx scripts/spec-check.ts [--verbose] [--json] [--root <dir>]`
 *
 * @remarks
 * A static text scan (no test run), so it takes well under a second. The logic lives in
 * `spec-check-lib.ts`; this file only reads the files and prints.
 *
 * @see CONTRIBUTING.md, "Rule IDs and spec:check"
 * @packageDocumentation
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  checkSpec,
  exitCode,
  formatJson,
  formatText,
  type CheckInput,
  type SourceText,
} from './spec-check-lib.js';

interface Options {
  readonly verbose: boolean;
  readonly json: boolean;
  readonly root: string;
}

const USAGE = 'usage: spec-check [--verbose] [--json] [--root <dir>]';

/** Parses the command line; throws with a clear message on a bad flag. */
function parseArgs(args: readonly string[]): Options | 'help' {
  let verbose = false;
  let json = false;
  let root = resolve(import.meta.dirname, '..');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--verbose' || arg === '-v') verbose = true;
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--root') {
      const dir = args[++i];
      if (dir === undefined) throw new Error('--root needs a directory');
      root = resolve(dir);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  return { verbose, json, root };
}

/**
 * Every file under `dir` (recursive, sorted, skipping `node_modules` and dot folders)
 * whose name ends with `suffix`, as `/`-separated paths relative to `root`. A missing
 * folder yields nothing.
 */
function readTree(root: string, dir: string, suffix: string): SourceText[] {
  const base = join(root, dir);
  let isDir = false;
  try {
    isDir = statSync(base).isDirectory();
  } catch {
    return [];
  }
  if (!isDir) return [];
  const files: SourceText[] = [];
  const walk = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && entry.name.endsWith(suffix)) {
        const path = relative(root, full).split(sep).join('/');
        files.push({ path, content: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(base);
  return files;
}

function main(argv: readonly string[]): number {
  let options: Options | 'help';
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`spec-check: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { root } = options;
  const machineFiles = readTree(root, 'machines', '.ts');
  const input: CheckInput = {
    specFiles: readTree(root, 'spec', '.md'),
    testFiles: readTree(root, 'test', '.ts'),
    scenarioFiles: readTree(root, join('spec', 'scenarios'), '.ts'),
    machineFiles,
    labelFiles: [...readTree(root, 'src', '.ts'), ...machineFiles],
  };
  const report = checkSpec(input);
  const output = options.json ? formatJson(report) : formatText(report, { verbose: options.verbose });
  process.stdout.write(`${output}\n`);
  return exitCode(report);
}

process.exitCode = main(process.argv.slice(2));
