/**
 * The shape of one `kgspec` subcommand, and the option parsing every command shares
 * (node's `util.parseArgs`, strict). Adding a command is one module exporting a
 * {@link CliCommand} plus one line in `commands.ts`.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** Where the CLI writes. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** stderr when it is a terminal: commands may draw progress bars there (absent: plain lines only). */
  readonly terminal?: NodeJS.WritableStream;
  /** Standard input, for commands that read it (`serve` takes control commands there). */
  readonly input?: NodeJS.ReadableStream;
}

/** One option of a command. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  /** Repeatable (`--config a=1 --config b=2`). */
  readonly multiple?: boolean;
  /** Placeholder of the value in the help, e.g. `key=value`. */
  readonly value?: string;
  /** The values accepted, when the option takes one of a few words. */
  readonly choices?: readonly string[];
  /** The value is a file the command writes: checked (directory exists, writable) before any work. */
  readonly outputPath?: boolean;
  /** One line for the help. */
  readonly description: string;
}

/** Parsed option values, keyed by option name without the dashes. */
export type CliValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** A `kgspec` subcommand. */
export interface CliCommand {
  /** The word after `kgspec`. */
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** A paragraph for `kgspec <name> --help`. */
  readonly description: string;
  /** Options, keyed by name without the dashes. `help` is added for every command. */
  readonly options: Readonly<Record<string, CliOption>>;
  /**
   * Arguments after `--` the command takes as they are (a command line to run), passed to
   * `run` as `values['--']`; commands without it refuse positionals.
   */
  readonly rest?: { readonly value: string; readonly description: string };
  /** Extra text at the end of the command's help (e.g. the broker config table). */
  readonly epilog?: () => string;
  /** Runs the command with its parsed, checked options; returns the exit code. */
  readonly run: (values: CliValues, io: CliIo) => Promise<number>;
}

/** A mistake on the command line: reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Rewrites `util.parseArgs`'s messages as one line naming the flag or argument at fault. */
function parseErrorMessage(message: string, code: string | undefined): string {
  const quoted = /'([^' ]*)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${quoted}'`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument '${quoted}'`;
  if (/does not take an argument/.test(message)) return `${quoted} takes no value`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${quoted} needs a value (to give one starting with '-': ${quoted}=-x)`;
  return message.split('\n')[0]!;
}

/**
 * Parses a command's arguments strictly and checks choices and output paths.
 *
 * @throws UsageError naming the flag or value at fault.
 */
export function parseCommandArgs(command: CliCommand, args: readonly string[]): CliValues {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const [name, o] of Object.entries(command.options)) options[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}) };
  let values: CliValues;
  const split = command.rest === undefined ? -1 : args.indexOf('--');
  const own = split < 0 ? args : args.slice(0, split);
  try {
    values = parseArgs({ args: [...own], options, strict: true, allowPositionals: false }).values as CliValues;
    if (split >= 0) values = { ...values, '--': args.slice(split + 1) };
  } catch (e) {
    const err = e as Error & { code?: string };
    throw new UsageError(parseErrorMessage(err.message, err.code));
  }
  if (values['help'] === true) return values;
  for (const [name, o] of Object.entries(command.options)) {
    const v = values[name];
    if (typeof v !== 'string') continue;
    if (o.choices && !o.choices.includes(v)) throw new UsageError(`--${name} takes ${o.choices.slice(0, -1).join(', ')} or ${o.choices.at(-1)}, got '${v}'`);
    if (o.outputPath) checkOutputPath(`--${name}`, v);
  }
  return values;
}

/**
 * Checks that a file can be written at `path` before any work starts: its directory exists
 * and is writable, and the path is not a directory.
 *
 * @throws UsageError naming the flag and the path.
 */
export function checkOutputPath(flag: string, path: string): void {
  const full = resolve(path);
  const isDir = (p: string): boolean => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (path === '' || isDir(full)) throw new UsageError(`${flag} '${path}' is a directory, not a file`);
  const dir = dirname(full);
  if (!isDir(dir)) throw new UsageError(`${flag} '${path}': directory '${dir}' does not exist`);
  try {
    accessSync(dir, constants.W_OK);
    if (statSync(full, { throwIfNoEntry: false })) accessSync(full, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} '${path}' is not writable`);
  }
}

function optionSynopsis(name: string, o: CliOption): string {
  return o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? (o.choices ? o.choices.join('|') : 'value')}`;
}

/** The help of one command (`kgspec <name> --help`). */
export function commandHelp(command: CliCommand): string {
  const rows = Object.entries(command.options).map(([n, o]) => [optionSynopsis(n, o), o.description + (o.multiple ? ' (repeatable)' : '')] as const);
  rows.push(['--help', 'this help']);
  if (command.rest !== undefined) rows.push([`-- ${command.rest.value}`, command.rest.description]);
  const width = Math.max(...rows.map(([s]) => s.length));
  const rest = command.rest === undefined ? '' : ` -- ${command.rest.value}`;
  const lines = [`Usage: kgspec ${command.name} [options]${rest}`, '', command.description, '', 'Options:'];
  for (const [s, d] of rows) lines.push(`  ${s.padEnd(width)}  ${d}`);
  const epilog = command.epilog?.();
  if (epilog !== undefined) lines.push('', epilog);
  return lines.join('\n');
}
