/**
 * Argument handling of the `kgspec` command, separate from process I/O so it can be tested.
 *
 * @remarks
 * Conventions: `--help` prints on stdout and exits 0; a mistake (unknown command or option,
 * a bad value, an out-of-range broker config, an unwritable output path) prints one line
 * naming it on stderr and exits 2, before any work starts; `kgspec` alone prints the usage on
 * stderr and exits 2, as it is a mistake too.
 */
import type { CliCommand, CliIo } from './command.js';
import { commandHelp, parseCommandArgs, UsageError } from './command.js';
import { COMMANDS } from './commands.js';
import { packageVersion } from './version.js';

export type { CliIo } from './command.js';

/** The top-level usage (`kgspec --help`). */
export function helpText(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "kgspec: the executable spec of Kafka's consumer group protocol",
    '',
    'Usage: kgspec <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'kgspec <command> --help   the options of a command, and the broker configs it takes',
    'kgspec --version          the version of kafka-group-spec',
  ].join('\n');
}

/** The top-level usage; kept for callers of the previous API. */
export const HELP = helpText();

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(helpText(commands));
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(commands));
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(packageVersion());
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const what = name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`;
    io.err(`kgspec: ${what} (commands: ${commands.map((c) => c.name).join(', ')}; kgspec --help)`);
    return 2;
  }
  try {
    const values = parseCommandArgs(command, args);
    if (values['help'] === true) {
      io.out(commandHelp(command));
      return 0;
    }
    return await command.run(values, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`kgspec ${command.name}: ${e.message} (kgspec ${command.name} --help)`);
    return 2;
  }
}
