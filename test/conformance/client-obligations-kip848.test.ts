/**
 * The client-obligation monitor on the project's KIP-848 KafkaConsumer (`group.protocol=consumer`),
 * clean and with a deliberate fault injected from the test side, on the in-memory cluster in
 * virtual time (deterministic: no seed is drawn).
 */
import { describe, expect, it } from 'vitest';
import type { KafkaRequest, KafkaResponse } from '../../src/protocol/messages/index.js';
import type { Scheduler } from '../../src/time/scheduler.js';
import type { ClientTransport } from '../../src/transport/client-transport.js';
import { keepsEpochAfterFencing } from '../helpers/client-faults.js';
import { describeViolations, monitoredWorld, rulesOf } from '../helpers/obligations.js';
import type { Member } from '../unit/client/world.js';

const FAST = { consumerSessionTimeoutMs: 6_000, consumerMinSessionTimeoutMs: 6_000, consumerHeartbeatIntervalMs: 1_000, consumerMinHeartbeatIntervalMs: 1_000 };
const KIP848 = { 'group.protocol': 'consumer', 'auto.commit.interval.ms': 500, 'request.timeout.ms': 3_000 } as const;

type Transport = ClientTransport<KafkaRequest, KafkaResponse>;

/**
 * A transport cut off from every broker while `down` (a network cut that heals): each request
 * fails with BROKER_DOWN a millisecond later, through the scheduler as the real transport
 * reports it, and never reaches a broker (nor the monitor's tap).
 */
function cuttable(inner: Transport, loop: Scheduler): Transport & { down: boolean } {
  let next = -1;
  const t = {
    down: false,
    send: (...args: Parameters<Transport['send']>): number => {
      if (!t.down) return inner.send(...args);
      const id = next--;
      loop.schedule(`cut:${id}`, 1, () => args[3]({ type: 'networkError', correlationId: id, reason: 'BROKER_DOWN' }));
      return id;
    },
  };
  return t;
}

/** The member id of a KIP-848 consumer. */
const idOf = (m: Member): string => m.consumer.consumerGroupMember!.memberId;

describe('the client-obligation monitor on the KIP-848 KafkaConsumer', () => {
  it('[CO-27][CO-28][CO-29] a KIP-848 group keeps every obligation through joins, a poll timeout, fencing, a static and a dynamic leave; the network cut behind the fencing shows as a late heartbeat (CO-27, SHOULD) only', () => {
    const { world, monitor, add } = monitoredWorld(4, {}, FAST);
    const a = add(KIP848);
    const b = add({ ...KIP848, 'max.poll.interval.ms': 10_000 });
    const s = add({ ...KIP848, 'group.instance.id': 'static-1' });
    world.produceAll(5);
    world.until(() => [a, b, s].every((m) => m.consumer.consumerGroupMember!.state === 'STABLE') && a.partitions().length + b.partitions().length + s.partitions().length === 4);
    world.run(3_000);
    expect(describeViolations(monitor.violations)).toBe('');

    // b stops polling: after max.poll.interval.ms it leaves with -1, and its next poll rejoins with 0 under the same id.
    b.polling = false;
    world.run(12_000);
    expect(b.consumer.consumerGroupMember!.state).toBe('STALE');
    b.polling = true;
    world.until(() => b.consumer.consumerGroupMember!.state === 'STABLE', 20_000);

    // c is cut off longer than its session: fenced when the network heals, it rejoins with epoch 0.
    let cut: ReturnType<typeof cuttable> | undefined;
    const c = add(KIP848, (inner) => (cut = cuttable(inner, world.kafka.loop)));
    world.until(() => c.consumer.consumerGroupMember!.state === 'STABLE' && c.partitions().length > 0, 20_000);
    cut!.down = true;
    world.run(9_000);
    cut!.down = false;
    const fenced = (): boolean => c.responses<KafkaResponse>('ConsumerGroupHeartbeat').some((r) => r.api === 'ConsumerGroupHeartbeat' && (r.errorCode === 110 || r.errorCode === 25));
    world.until(() => fenced() && c.consumer.consumerGroupMember!.state === 'STABLE' && c.partitions().length > 0, 30_000);

    for (const m of [s, a]) {
      m.consumer.close();
      m.polling = false;
    }
    world.run(3_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-27']);
    expect(monitor.violations.every((v) => v.memberId === idOf(c) && v.severity === 'SHOULD')).toBe(true);
    const summary = new Map(monitor.summary().map((m) => [m.memberId, m]));
    expect([a, b, s, c].map((m) => summary.get(idOf(m))?.status)).toEqual(['left', 'active', 'left', 'active']);
    expect(summary.get(idOf(c))!.generations.length).toBeGreaterThan(1);
  });

  it('[CO-28] a member that keeps its old epoch when it is fenced is caught on CO-28', () => {
    const { world, monitor, add } = monitoredWorld(2, {}, FAST);
    let cut: ReturnType<typeof cuttable> | undefined;
    const faulty = add(KIP848, (inner) => (cut = cuttable(keepsEpochAfterFencing(inner), world.kafka.loop)));
    world.until(() => faulty.consumer.consumerGroupMember!.state === 'STABLE' && faulty.partitions().length === 2);
    world.run(2_000);
    expect(monitor.violations).toEqual([]);
    cut!.down = true;
    world.run(9_000);
    cut!.down = false;
    world.run(5_000);

    expect(rulesOf(monitor.violations.filter((v) => v.severity === 'MUST')), describeViolations(monitor.violations)).toEqual(['CO-28']);
    const v = monitor.violations.find((x) => x.rule === 'CO-28')!;
    expect(v.memberId).toBe(idOf(faulty));
    expect(v.evidence.map((e) => `${e.api}:${e.kind}`)).toEqual(['ConsumerGroupHeartbeat:response', 'ConsumerGroupHeartbeat:request']);
  });
});
