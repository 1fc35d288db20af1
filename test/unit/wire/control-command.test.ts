/** The control line parser of `kgspec serve`: one line to a typed command, or an error naming what is wrong. */
import { describe, expect, it } from 'vitest';
import { CONTROL_USAGE, helpLine, parseControlLine } from '../../../src/wire/server/control-command.js';

describe('control commands', () => {
  it('[FLT-01] parses every command, with its arguments typed', () => {
    expect(parseControlLine('crash 1')).toEqual({ command: { type: 'crash', broker: 1 } });
    expect(parseControlLine('  RESTART\t0  ')).toEqual({ command: { type: 'restart', broker: 0 } });
    expect(parseControlLine('move-coordinator orders')).toEqual({ command: { type: 'move-coordinator', group: 'orders' } });
    expect(parseControlLine('move-coordinator orders to 2')).toEqual({ command: { type: 'move-coordinator', group: 'orders', to: 2 } });
    expect(parseControlLine('move-coordinator orders 2')).toEqual({ command: { type: 'move-coordinator', group: 'orders', to: 2 } });
    expect(parseControlLine('add-partitions t 3')).toEqual({ command: { type: 'add-partitions', topic: 't', count: 3 } });
    expect(parseControlLine('offline t 0')).toEqual({ command: { type: 'offline', topic: 't', partition: 0 } });
    expect(parseControlLine('online t 7')).toEqual({ command: { type: 'online', topic: 't', partition: 7 } });
    expect(parseControlLine('expel g consumer-1-abc')).toEqual({ command: { type: 'expel', group: 'g', memberId: 'consumer-1-abc' } });
    expect(parseControlLine('pause 0 1500')).toEqual({ command: { type: 'pause', broker: 0, ms: 1500 } });
    expect(parseControlLine('help')).toEqual({ command: { type: 'help' } });
    expect(parseControlLine('status')).toEqual({ command: { type: 'status' } });
    expect(helpLine()).toBe(`ok commands: ${Object.values(CONTROL_USAGE).join(' | ')}`);
  });

  it('[FLT-01] a blank line or a comment is no command', () => {
    for (const line of ['', '   ', '\t', '# crash 0', '#']) expect(parseControlLine(line)).toEqual({ empty: true });
  });

  it('[FLT-01] a bad line is an error naming what is wrong, with the usage', () => {
    const error = (line: string): string => {
      const r = parseControlLine(line);
      if (!('error' in r)) throw new Error(`'${line}' parsed: ${JSON.stringify(r)}`);
      return r.error;
    };
    expect(error('explode 1')).toBe("unknown command 'explode' (try: help)");
    expect(error('crash')).toBe('crash takes 1 argument, got 0: usage: crash <broker>');
    expect(error('crash 1 2')).toBe('crash takes 1 argument, got 2: usage: crash <broker>');
    expect(error('crash one')).toMatch(/^<broker> must be an integer from 0 to \d+, got 'one': usage: crash <broker>$/);
    expect(error('crash -1')).toMatch(/got '-1'/);
    expect(error('pause 0 1.5')).toMatch(/^<ms> must be an integer .* got '1.5'/);
    expect(error('pause 0 99999999999')).toMatch(/^<ms> must be an integer from 0 to 2147483647/);
    expect(error('add-partitions t 0')).toMatch(/^<how-many> must be an integer from 1 to/);
    expect(error('offline t')).toBe('offline takes 2 arguments, got 1: usage: offline <topic> <partition>');
    expect(error('move-coordinator g from 1')).toBe("expected 'to <broker>' after the group, got 'from 1': usage: move-coordinator <group> [to <broker>]");
    expect(error('move-coordinator')).toMatch(/^move-coordinator takes 1 to 3 arguments, got 0/);
    expect(error('status now')).toBe('status takes 0 arguments, got 1: usage: status');
    expect(error('constructor')).toBe("unknown command 'constructor' (try: help)");
  });
});
