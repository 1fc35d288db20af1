/** `kgspec serve`: arguments, configs by Kafka's names, start-up lines, clean shutdown on signals. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, runServe } from '../../../src/cli/serve.js';
import { serverOptionsFromProperties } from '../../../src/wire/server/properties.js';

describe('kgspec serve', () => {
  it('[SRV-06] reads Kafka-named configs from a file and flags; keys not ours are returned, bad values named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgspec-serve-'));
    const file = join(dir, 'server.properties');
    writeFileSync(file, '# a real server.properties\nbroker.id=0\nlog.dirs=/tmp/kafka-logs\nnum.partitions=4\ngroup.initial.rebalance.delay.ms=0\n');
    const args = parseServeArgs(['--config-file', file, '--config', 'num.partitions=6', '--port', '0', '--brokers', '3', '--log-level', 'debug']);
    expect(args).toMatchObject({ host: '127.0.0.1', port: 0, brokers: 3, logLevel: 'debug' });
    const { options, unknown } = serverOptionsFromProperties(args.properties);
    expect(unknown).toEqual(['broker.id', 'log.dirs']);
    expect(options).toMatchObject({ numPartitions: 6, autoCreateTopics: true, socketRequestMaxBytes: 104857600, offsetsTopicPartitions: 50 });
    expect(options.config?.initialRebalanceDelayMs).toBe(0);
    expect(() => serverOptionsFromProperties({ 'num.partitions': '0' })).toThrow(/num.partitions/);
    expect(() => serverOptionsFromProperties({ 'auto.create.topics.enable': 'yes' })).toThrow(/auto.create.topics.enable/);
    expect(() => serverOptionsFromProperties({ 'group.min.session.timeout.ms': 'x' })).toThrow(/group.min.session.timeout.ms/);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseServeArgs(['--bogus', '1'])).toThrow(/--bogus/);
    expect(() => parseServeArgs(['--log-level', 'loud'])).toThrow(/--log-level/);
  });

  it('[SRV-06] [SRV-12] prints BOOTSTRAP and READY alone on their lines, a hint, and one warning for foreign keys', async () => {
    const out: string[] = [];
    const err: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const code = runServe(['--port', '0', '--brokers', '2', '--config', 'broker.id=1', '--config', 'log.dirs=/x'], { out: (l) => out.push(l), err: (l) => err.push(l) }, stopped, () => stop());
    expect(await code).toBe(0);
    expect(out[0]).toMatch(/^BOOTSTRAP 127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$/);
    expect(out[1]).toBe('READY');
    expect(out[2]).toMatch(/kcat -b 127\.0\.0\.1:\d+/);
    expect(err.filter((l) => l.includes('warning'))).toEqual(['kgspec serve: warning: ignoring broker configs this server does not have: broker.id, log.dirs']);
  });

  it('[SRV-11] [SRV-12] the kgspec process starts, then stops cleanly with exit code 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const child = spawn(process.execPath, ['bin/kgspec.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (/^READY$/m.test(stdout)) resolve();
        }),
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      await ready;
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stdout.split('\n').slice(0, 2).map((l) => l.split(' ')[0])).toEqual(['BOOTSTRAP', 'READY']);
    }
  });
});
