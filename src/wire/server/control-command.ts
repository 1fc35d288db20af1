/**
 * The commands `kgspec serve` takes while it runs (on standard input and on `--control-port`):
 * one line in, a typed command or an error naming what is wrong out. Pure: no I/O, no clock.
 *
 * @remarks
 * Words are separated by spaces or tabs; group ids, member ids and topic names are single words
 * (a topic name never has a space; a group id with one cannot be named here). A blank line or a
 * line starting with `#` is no command.
 * @see spec/faults.md FLT-01
 */

/** A command for the running server. */
export type ControlCommand =
  | { readonly type: 'crash'; readonly broker: number }
  | { readonly type: 'restart'; readonly broker: number }
  /** Without `to`, the first other live in-sync replica of the group's offsets partition. */
  | { readonly type: 'move-coordinator'; readonly group: string; readonly to?: number }
  | { readonly type: 'add-partitions'; readonly topic: string; readonly count: number }
  /** SRV-18: without a replication factor, 1 (Kafka's `default.replication.factor`). */
  | { readonly type: 'create-topic'; readonly topic: string; readonly partitions: number; readonly replicationFactor?: number }
  | { readonly type: 'delete-topic'; readonly topic: string }
  | { readonly type: 'offline'; readonly topic: string; readonly partition: number }
  | { readonly type: 'online'; readonly topic: string; readonly partition: number }
  | { readonly type: 'expel'; readonly group: string; readonly memberId: string }
  | { readonly type: 'pause'; readonly broker: number; readonly ms: number }
  | { readonly type: 'help' }
  | { readonly type: 'status' };

/** A parsed line: a command, nothing (blank or comment), or what is wrong with it. */
export type ParsedLine = { readonly command: ControlCommand } | { readonly empty: true } | { readonly error: string };

/** Each command's usage, for `help` and for the error of a misused command. */
export const CONTROL_USAGE: Readonly<Record<ControlCommand['type'], string>> = {
  crash: 'crash <broker>',
  restart: 'restart <broker>',
  'move-coordinator': 'move-coordinator <group> [to <broker>]',
  'add-partitions': 'add-partitions <topic> <how-many>',
  'create-topic': 'create-topic <topic> <partitions> [<replication-factor>]',
  'delete-topic': 'delete-topic <topic>',
  offline: 'offline <topic> <partition>',
  online: 'online <topic> <partition>',
  expel: 'expel <group> <member-id>',
  pause: 'pause <broker> <ms>',
  help: 'help',
  status: 'status',
};

/** The longest pause accepted (Node's largest timer delay). */
export const MAX_PAUSE_MS = 2_147_483_647;

/** Parses one line of the control protocol. */
export function parseControlLine(line: string): ParsedLine {
  const words = line.trim().split(/[ \t]+/).filter((w) => w !== '');
  const [name, ...args] = words;
  if (name === undefined || name.startsWith('#')) return { empty: true };
  const type = name.toLowerCase();
  if (!Object.hasOwn(CONTROL_USAGE, type)) return { error: `unknown command '${name}' (try: help)` };
  const usage = CONTROL_USAGE[type as ControlCommand['type']];
  try {
    return { command: build(type as ControlCommand['type'], args, usage) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The command of `type` from its arguments. @throws Error naming the bad argument, with the usage. */
function build(type: ControlCommand['type'], args: readonly string[], usage: string): ControlCommand {
  const arity = (min: number, max = min): void => {
    if (args.length < min || args.length > max) throw new Error(`${type} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}: usage: ${usage}`);
  };
  const int = (what: string, v: string, min: number, max: number): number => {
    const n = /^[0-9]+$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`${what} must be an integer from ${min} to ${max}, got '${v}': usage: ${usage}`);
    return n;
  };
  const broker = (v: string): number => int('<broker>', v, 0, 2 ** 31 - 1);
  switch (type) {
    case 'crash':
    case 'restart':
      arity(1);
      return { type, broker: broker(args[0]!) };
    case 'move-coordinator': {
      arity(1, 3);
      if (args.length === 1) return { type, group: args[0]! };
      const target = args.length === 3 ? (args[1]!.toLowerCase() === 'to' ? args[2]! : undefined) : args[1]!;
      if (target === undefined) throw new Error(`expected 'to <broker>' after the group, got '${args.slice(1).join(' ')}': usage: ${usage}`);
      return { type, group: args[0]!, to: broker(target) };
    }
    case 'add-partitions':
      arity(2);
      return { type, topic: args[0]!, count: int('<how-many>', args[1]!, 1, 100_000) };
    case 'create-topic': {
      arity(2, 3);
      const partitions = int('<partitions>', args[1]!, 1, 100_000);
      if (args.length === 2) return { type, topic: args[0]!, partitions };
      return { type, topic: args[0]!, partitions, replicationFactor: int('<replication-factor>', args[2]!, 1, 2 ** 15 - 1) };
    }
    case 'delete-topic':
      arity(1);
      return { type, topic: args[0]! };
    case 'offline':
    case 'online':
      arity(2);
      return { type, topic: args[0]!, partition: int('<partition>', args[1]!, 0, 2 ** 31 - 1) };
    case 'expel':
      arity(2);
      return { type, group: args[0]!, memberId: args[1]! };
    case 'pause':
      arity(2);
      return { type, broker: broker(args[0]!), ms: int('<ms>', args[1]!, 0, MAX_PAUSE_MS) };
    case 'help':
    case 'status':
      arity(0);
      return { type };
  }
}

/** The one-line answer to `help`. */
export function helpLine(): string {
  return `ok commands: ${Object.values(CONTROL_USAGE).join(' | ')}`;
}
