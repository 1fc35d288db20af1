import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka, type RunningKafka } from '../../../src/wire/server/index.js';
import { BenchCheckError } from '../../../bench/harness.js';
import { heartbeats, joinGroupMember } from '../../../bench/wire-client.js';

describe('the wire bench client checks what it measures', () => {
  let server: RunningKafka;
  beforeAll(async () => {
    server = await startKafka({ config: { 'group.initial.rebalance.delay.ms': 0 } });
  });
  afterAll(() => server.close());

  it('joins a group over TCP and counts heartbeats answered NONE', async () => {
    const member = await joinGroupMember(server.bootstrap, 'wire-bench-ok', 30_000);
    try {
      expect(member.generationId).toBe(1);
      expect(await heartbeats(member, 20)).toBe(20);
    } finally {
      member.connection.close();
    }
  });

  it('fails, not reports, when a heartbeat is not answered NONE (--sabotage: ILLEGAL_GENERATION)', async () => {
    const member = await joinGroupMember(server.bootstrap, 'wire-bench-sabotage', 30_000);
    try {
      await expect(heartbeats(member, 20, true)).rejects.toThrow(BenchCheckError);
      await expect(heartbeats(member, 1, true)).rejects.toThrow(/error 22/);
    } finally {
      member.connection.close();
    }
  });
});
