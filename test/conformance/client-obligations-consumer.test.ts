/**
 * The checker can fail: the project's own KafkaConsumer, clean and with deliberate faults
 * injected from the test side, watched by the client-obligation monitor on the in-memory
 * cluster in virtual time (deterministic: no seed is drawn).
 */
import { describe, expect, it } from 'vitest';
import { commitsWithPreviousGeneration, doubleAssignor, fetchesWhileRejoining, killable, type Killable } from '../helpers/client-faults.js';
import { describeViolations, monitoredWorld, rulesOf } from '../helpers/obligations.js';

describe('the client-obligation monitor on the KafkaConsumer', () => {
  for (const strategy of ['range', 'cooperative-sticky'] as const) {
    it(`[CO-01][CO-02][CO-08][CO-09][CO-10][CO-11][CO-12][CO-15][CO-16] a clean ${strategy} group passes every rule: joins, rebalances, a leave and a session expiry`, () => {
      const { world, monitor, add } = monitoredWorld(6);
      const config = { 'partition.assignment.strategy': [strategy], 'auto.commit.interval.ms': 500 };
      let victim: Killable | undefined;
      const a = add(config);
      const b = add(config);
      world.produceAll(5);
      world.until(() => world.stable(2));
      world.produceAll(5, 5);
      world.run(2_000);
      const c = add(config, (inner) => (victim = killable(inner)));
      world.until(() => world.stable(3));
      world.produceAll(5, 10);
      world.run(2_000);
      // A leave: the group rebalances to two members.
      b.consumer.close();
      world.run(200);
      b.polling = false;
      world.until(() => world.stable(2));
      world.produceAll(5, 15);
      world.run(2_000);
      // A session expiry: c vanishes without a word and is expelled once its session passes.
      victim!.kill();
      c.polling = false;
      world.until(() => world.stable(1), 60_000);
      world.produceAll(5, 20);
      world.run(3_000);

      expect(describeViolations(monitor.violations)).toBe('');
      expect(monitor.uncheckedReads).toEqual([]);
      const summary = monitor.summary();
      const status = (m: typeof a) => summary.find((s) => s.memberId === m.consumer.groupMetadata().memberId)?.status;
      expect(status(a)).toBe('active');
      expect(summary.find((s) => s.clientId === b.consumer.config.clientId && s.status === 'left')).toBeDefined();
      expect(summary.find((s) => s.clientId === c.consumer.config.clientId)?.status).toBe('expelled');
      expect(a.values().length + b.values().length + c.values().length).toBeGreaterThanOrEqual(world.partitionCount() * 25);
    });
  }

  it('[CO-17][CO-18][CO-19] a clean group through a coordinator move and a coordinator crash rediscovers and rejoins without breaking a rule', () => {
    for (const strategy of ['range', 'cooperative-sticky']) {
      const { world, monitor, add } = monitoredWorld(6);
      const config = { 'partition.assignment.strategy': [strategy], 'auto.commit.interval.ms': 500 };
      add(config);
      add(config);
      world.produceAll(5);
      world.until(() => world.stable(2));
      world.run(2_000);
      world.kafka.moveCoordinator('g', (world.kafka.coordinatorFor('g')! + 1) % 3);
      world.produceAll(5, 5);
      world.run(3_000);
      add(config);
      world.until(() => world.stable(3));
      world.kafka.crash(world.kafka.coordinatorFor('g')!);
      world.run(20_000);

      expect(describeViolations(monitor.violations), strategy).toBe('');
      expect(world.members.map((m) => m.sent('FindCoordinator').length)).toEqual([3, 3, 2]);
      expect(monitor.summary().every((m) => m.status === 'active')).toBe(true);
    }
  });

  it('[CO-08] a consumer that keeps fetching during an eager rebalance is caught on CO-08 and nothing else', () => {
    const { world, monitor, add } = monitoredWorld(4);
    // The faulty member hears of the rebalance first (shorter heartbeat) and waits for the other.
    const faulty = add({ 'heartbeat.interval.ms': 300 }, (inner) => fetchesWhileRejoining(inner, world.kafka.loop));
    add({ 'heartbeat.interval.ms': 3_000 });
    world.produceAll(5);
    world.until(() => world.stable(2));
    world.run(1_000);
    expect(monitor.violations).toEqual([]);
    add();
    world.until(() => world.stable(3));
    world.run(1_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-08']);
    const [v] = monitor.violations;
    expect(v).toMatchObject({ severity: 'MUST', memberId: faulty.consumer.groupMetadata().memberId });
    expect(v!.evidence.map((e) => e.api)).toEqual(['JoinGroup', 'Fetch']);
    expect(v!.occurrences).toBeGreaterThan(1);
  });

  it('[CO-10] a cooperative consumer that keeps reading a partition it revoked while it rejoins without it is caught on CO-10 and nothing else', () => {
    const { world, monitor, add } = monitoredWorld(4);
    const config = { 'partition.assignment.strategy': ['cooperative-sticky'] };
    const faulty = add(config, (inner) => fetchesWhileRejoining(inner, world.kafka.loop, 50, 'everything'));
    world.produceAll(5);
    world.until(() => world.stable(1));
    world.run(1_000);
    add({ ...config, 'heartbeat.interval.ms': 3_000 });
    world.until(() => world.stable(2));
    world.run(1_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-10']);
    expect(monitor.violations.every((v) => v.memberId === faulty.consumer.groupMetadata().memberId)).toBe(true);
    expect(monitor.violations[0]!.message).toMatch(/fetched t-\d while rejoining without it/);
  });

  it('[CO-12] a consumer that commits with its previous generation is caught on CO-12 and nothing else', () => {
    const { world, monitor, add } = monitoredWorld(4);
    const faulty = add({ 'auto.commit.interval.ms': 500 }, commitsWithPreviousGeneration);
    world.produceAll(5);
    world.until(() => world.stable(1));
    world.run(1_000);
    expect(monitor.violations).toEqual([]);
    add({ 'auto.commit.interval.ms': 500 });
    world.until(() => world.stable(2));
    world.run(3_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-12']);
    expect(monitor.violations.every((v) => v.memberId === faulty.consumer.groupMetadata().memberId)).toBe(true);
    expect(monitor.violations[0]!.evidence.map((e) => `${e.api}:${e.kind}`)).toEqual(['JoinGroup:response', 'OffsetCommit:request']);
  });

  it('[CO-04] a leader whose assignor gives one partition to two members is caught on CO-04 and nothing else', () => {
    const { world, monitor, add } = monitoredWorld(4);
    const config = { 'partition.assignment.strategy': [doubleAssignor] };
    const a = add(config);
    const b = add(config);
    world.produceAll(5);
    world.until(() => a.consumer.state === 'stable' && b.consumer.state === 'stable' && a.partitions().length + b.partitions().length === 5);
    world.run(2_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-04']);
    const leader = a.consumer.isLeader ? a : b;
    expect(monitor.violations[0]).toMatchObject({ severity: 'MUST', memberId: leader.consumer.groupMetadata().memberId });
    expect(monitor.violations[0]!.message).toMatch(/t-0 to .* and /);
  });

  it('[CO-14] a consumer that commits now and then but not before its partitions are revoked is caught on CO-14 and nothing else', () => {
    const { world, monitor, add } = monitoredWorld(4);
    const faulty = add({ 'enable.auto.commit': false });
    world.produceAll(5);
    world.until(() => world.stable(1));
    world.run(1_000);
    faulty.consumer.commitSync();
    world.produceAll(5, 5);
    world.run(1_000);
    add({ 'enable.auto.commit': false });
    world.until(() => world.stable(2));
    world.run(1_000);

    expect(rulesOf(monitor.violations), describeViolations(monitor.violations)).toEqual(['CO-14']);
    expect(monitor.violations[0]).toMatchObject({ severity: 'SHOULD', memberId: faulty.consumer.groupMetadata().memberId });
    expect(monitor.mustViolated).toBe(false);
  });
});
