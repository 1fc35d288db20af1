import { describe, expect, it } from 'vitest';
import { Script } from '../../../helpers/obligation-script.js';

/** A KIP-848 member m1 (client c1) that joined at epoch 1 and heartbeat once, every 1 s. */
function joined(): Script {
  const s = new Script();
  s.consumerHeartbeat('c1', 'm1', 0, { epoch: 1 });
  s.wait(1_000).consumerHeartbeat('c1', 'm1', 1, {});
  return s;
}

describe('client-obligation monitor: KIP-848 members', () => {
  it('[CO-27] heartbeats at the interval break nothing; one later than the interval plus the grace period breaks CO-27 (SHOULD), once per answer', () => {
    const s = joined();
    s.wait(1_000).consumerHeartbeat('c1', 'm1', 1, {});
    s.wait(1_010).consumerHeartbeat('c1', 'm1', 1, { intervalMs: 5_000 });
    // The interval is the one the last answer gave.
    s.wait(4_990).consumerHeartbeat('c1', 'm1', 1, {});
    expect(s.monitor.violations).toEqual([]);
    s.wait(1_011).consumerHeartbeat('c1', 'm1', 1, {});
    expect(s.rules()).toEqual(['CO-27']);
    expect(s.monitor.violations[0]).toMatchObject({ severity: 'SHOULD', memberId: 'm1', generationId: 1, message: expect.stringMatching(/1011 ms after the answer that gave it a heartbeat interval of 1000 ms/) });
    expect(s.monitor.violations[0]!.evidence.map((e) => e.kind)).toEqual(['response', 'request']);
  });

  it('[CO-27] a heartbeat in flight stops the count, and an error answer ends it', () => {
    const s = joined();
    // Sent on time and not answered yet (a slow coordinator, or a lost answer): a later one is not late.
    s.wait(1_000).send('c1', 'c1->c', { api: 'ConsumerGroupHeartbeat', version: 1, clientId: 'c1', clientHost: '', groupId: 'g', memberId: 'm1', memberEpoch: 1, instanceId: null, rackId: null, rebalanceTimeoutMs: -1, subscribedTopicNames: null, subscribedTopicRegex: null, serverAssignor: null, topicPartitions: null });
    s.wait(3_000).consumerHeartbeat('c1', 'm1', 1);
    expect(s.monitor.violations).toEqual([]);
    const t = joined();
    t.wait(1_000).consumerHeartbeat('c1', 'm1', 1, { errorCode: 14 });
    t.wait(5_000).consumerHeartbeat('c1', 'm1', 1, {});
    expect(t.monitor.violations).toEqual([]);
  });

  for (const [name, code] of [['FENCED_MEMBER_EPOCH', 110], ['UNKNOWN_MEMBER_ID', 25]] as const) {
    it(`[CO-28] after ${name} a member rejoins with epoch 0; a heartbeat with its old epoch breaks CO-28 (MUST), one in flight within the grace period does not`, () => {
      const s = joined();
      s.wait(1_000).consumerHeartbeat('c1', 'm1', 1, { errorCode: code });
      s.wait(5).consumerHeartbeat('c1', 'm1', 1);
      s.wait(100).consumerHeartbeat('c1', 'm1', 0, { epoch: 3 });
      s.wait(1_000).consumerHeartbeat('c1', 'm1', 3, {});
      expect(s.monitor.violations).toEqual([]);
      const t = joined();
      t.wait(1_000).consumerHeartbeat('c1', 'm1', 1, { errorCode: code });
      t.wait(100).consumerHeartbeat('c1', 'm1', 1, {});
      expect(t.rules()).toEqual(['CO-28']);
      expect(t.monitor.violations[0]).toMatchObject({ severity: 'MUST', message: 'sent epoch 1 after it was fenced; a fenced member rejoins with epoch 0' });
    });
  }

  it('[CO-29] a member leaves with -1 (static: -2) and may rejoin with 0; another negative epoch, -2 without an instance id, or its epoch after leaving break CO-29 (MUST)', () => {
    const s = joined();
    s.wait(500).consumerHeartbeat('c1', 'm1', -1, {});
    s.wait(5_000).consumerHeartbeat('c1', 'm1', 0, { epoch: 4 });
    s.wait(1_000).consumerHeartbeat('c1', 'm1', 4, {});
    s.consumerHeartbeat('c2', 's1', 0, { epoch: 5 }, 'i1').wait(500).consumerHeartbeat('c2', 's1', -2, {}, 'i1');
    expect(s.monitor.violations).toEqual([]);
    expect(s.monitor.summary().map((m) => [m.memberId, m.generations, m.status])).toEqual([['m1', [1, 4], 'active'], ['s1', [5], 'left']]);

    const t = joined();
    t.wait(500).consumerHeartbeat('c1', 'm1', -2, {});
    t.consumerHeartbeat('c1', 'm1', -3);
    expect(t.rules()).toEqual(['CO-29']);
    expect(t.monitor.violations.map((v) => v.message)).toEqual([
      'sent epoch -2 without a group.instance.id: a member leaves with -1, a static member with -2',
      'sent epoch -3: a member leaves with -1, a static member with -2',
    ]);
    const u = joined();
    u.wait(500).consumerHeartbeat('c1', 'm1', -1, {});
    u.wait(1_000).consumerHeartbeat('c1', 'm1', 1, {});
    expect(u.rules()).toEqual(['CO-29']);
    expect(u.monitor.violations[0]!.message).toBe('sent epoch 1 after leaving the group; only a rejoin with epoch 0 may follow a leave');
  });

  it('[CO-01][CO-12] a KIP-848 member commits with its member epoch: not judged as a classic member, whose commits under an unknown id still break CO-01', () => {
    const s = joined();
    s.commit('c1', 'm1', 1, [['t', 0, 5]]);
    expect(s.monitor.violations).toEqual([]);
    s.commit('c9', 'nobody', 1, [['t', 0, 5]]);
    expect(s.rules()).toEqual(['CO-01']);
  });
});
