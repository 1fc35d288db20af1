/**
 * `kgspec conformance`: its options and help. The suite itself (conformance.ts) is imported
 * only when the command runs, so `kgspec --help` stays fast.
 */
import { BROKER_OPTIONS, brokerConfigFromValues, brokerConfigTable } from './broker-options.js';
import { parseCommandArgs } from './command.js';
import type { CliCommand, CliValues } from './command.js';

/** Options of the command. */
export interface ConformanceOptions {
  only?: RegExp;
  /** `cluster` (default): the 3-broker in-memory cluster; `coordinator`: one coordinator alone. */
  target: 'cluster' | 'coordinator';
  report: 'text' | 'json' | 'junit';
  out?: string;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The `conformance` command; {@link runConformanceCommand} does the work. */
export const conformanceCommand: CliCommand = {
  name: 'conformance',
  summary: 'every normative scenario against the built-in broker, with a report per spec area',
  description:
    'Runs every normative scenario against the built-in broker (a 3-broker in-memory cluster;\n' +
    '--target coordinator: one coordinator alone, which skips the failover scenarios); prints\n' +
    "a table by spec area and every failure with the rule's text; exit 1 when anything failed.",
  options: {
    only: { type: 'string', value: 'RULE-or-glob', description: "run the scenarios citing a matching rule ID, e.g. 'JG-*'" },
    report: { type: 'string', choices: ['text', 'json', 'junit'], description: 'report format (default text)' },
    out: { type: 'string', value: 'file', outputPath: true, description: 'write the report to a file (default: stdout)' },
    target: { type: 'string', choices: ['cluster', 'coordinator'], description: 'the built-in broker to test (default cluster)' },
    ...BROKER_OPTIONS,
  },
  epilog: brokerConfigTable,
  async run(values, io) {
    const config = brokerConfigFromValues(values);
    const { runConformance } = await import('./conformance.js'); // the suite loads only when it runs
    return runConformance(config, conformanceOptions(values), io);
  },
};

function conformanceOptions(values: CliValues): ConformanceOptions {
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const only = str('only');
  const out = str('out');
  return {
    report: (str('report') ?? 'text') as ConformanceOptions['report'],
    target: (str('target') ?? 'cluster') as ConformanceOptions['target'],
    ...(only !== undefined ? { only: globToRegExp(only) } : {}),
    ...(out !== undefined ? { out } : {}),
  };
}

/** Parses the command's own arguments (broker configs aside). */
export function parseConformanceArgs(args: readonly string[]): ConformanceOptions {
  return conformanceOptions(parseCommandArgs(conformanceCommand, args));
}

