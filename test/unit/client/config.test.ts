import { describe, expect, it } from 'vitest';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import { ConsumerError, type ConsumerConfig } from '../../../src/client/index.js';
import { consumerOf } from '../../helpers/consumer.js';
import { roundRobinAssignor } from '../../../src/protocol/assignors/round-robin.js';

function refusal(kafka: InMemoryKafka, config: Record<string, unknown>): ConsumerError {
  try {
    consumerOf(kafka, config as unknown as ConsumerConfig);
  } catch (e) {
    expect(e).toBeInstanceOf(ConsumerError);
    return e as ConsumerError;
  }
  throw new Error(`config ${JSON.stringify(config)} was accepted`);
}

describe('consumer configuration', () => {
  const kafka = new InMemoryKafka({ brokers: 1, offsetsTopicPartitions: 1 });

  it('[CL-33] Kafka 3.x defaults; the default strategy range + cooperative-sticky is eager', () => {
    const c = consumerOf(kafka, { 'group.id': 'g' });
    expect(c.config).toMatchObject({
      groupId: 'g',
      groupInstanceId: null,
      sessionTimeoutMs: 45_000,
      heartbeatIntervalMs: 3_000,
      maxPollIntervalMs: 300_000,
      enableAutoCommit: true,
      autoCommitIntervalMs: 5_000,
      autoOffsetReset: 'latest',
      maxPollRecords: 500,
      protocol: 'EAGER',
    });
    expect(c.config.assignors.map((a) => a.name)).toEqual(['range', 'cooperative-sticky']);
    expect(c.config.clientId).toMatch(/^consumer-g-\d+$/);
    expect(c.state).toBe('unjoined');
    const coop = consumerOf(kafka, { 'group.id': 'g', 'partition.assignment.strategy': 'org.apache.kafka.clients.consumer.CooperativeStickyAssignor' });
    expect(coop.config.protocol).toBe('COOPERATIVE');
  });

  it('[CL-33] an assignor object of the application\'s own is taken as Java takes a class of its own; a malformed one is refused', () => {
    const mine = { ...roundRobinAssignor, name: 'mine' };
    const c = consumerOf(kafka, { 'group.id': 'g', 'partition.assignment.strategy': [mine, 'range'] });
    expect(c.config.assignors.map((a) => a.name)).toEqual(['mine', 'range']);
    expect(c.config.protocol).toBe('EAGER');
    const e = refusal(kafka, { 'group.id': 'g', 'partition.assignment.strategy': [{ name: 'half' }] });
    expect(e.key).toBe('partition.assignment.strategy');
    expect(e.message).toMatch(/assignor names or assignors/);
    expect(refusal(kafka, { 'group.id': 'g', 'partition.assignment.strategy': [mine, mine] }).message).toMatch(/"mine" is listed twice/);
  });

  it('[CL-33] bad configs are refused at construction with a message naming the key', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ 'group.id': 'g', 'session.timeout': 10 }, 'session.timeout', /Unknown consumer configuration "session.timeout"/],
      [{ 'group.id': 'g', 'rebalance.timeout.ms': 10 }, 'rebalance.timeout.ms', /Unknown/],
      [{}, 'group.id', /group.id/],
      [{ 'group.id': '' }, 'group.id', /group.id/],
      [{ 'group.id': 'g', 'heartbeat.interval.ms': 45_000 }, 'heartbeat.interval.ms', /heartbeat.interval.ms: 45000 must be lower than session.timeout.ms \(45000\)/],
      [{ 'group.id': 'g', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 7000 }, 'heartbeat.interval.ms', /lower than session.timeout.ms/],
      [{ 'group.id': 'g', 'partition.assignment.strategy': ['range', 'fancy'] }, 'partition.assignment.strategy', /unknown assignor "fancy"/],
      [{ 'group.id': 'g', 'partition.assignment.strategy': [] }, 'partition.assignment.strategy', /at least one assignor/],
      [{ 'group.id': 'g', 'partition.assignment.strategy': ['range', 'range'] }, 'partition.assignment.strategy', /listed twice/],
      [{ 'group.id': 'g', 'session.timeout.ms': '45000' }, 'session.timeout.ms', /expected an integer/],
      [{ 'group.id': 'g', 'max.poll.records': 0 }, 'max.poll.records', /expected an integer from 1/],
      [{ 'group.id': 'g', 'enable.auto.commit': 'yes' }, 'enable.auto.commit', /true or false/],
      [{ 'group.id': 'g', 'auto.offset.reset': 'smallest' }, 'auto.offset.reset', /earliest, latest or none/],
      [{ 'group.id': 'g', 'group.instance.id': '' }, 'group.instance.id', /must not be empty/],
    ];
    for (const [config, key, message] of cases) {
      const e = refusal(kafka, config);
      expect(e.kind, JSON.stringify(config)).toBe('InvalidConfig');
      expect(e.key, JSON.stringify(config)).toBe(key);
      expect(e.message).toMatch(message);
    }
  });

  it('[CL-21][CL-32] bad calls: poll before subscribing or with a negative timeout, subscribe to nothing, seek a partition not owned', () => {
    const c = consumerOf(kafka, { 'group.id': 'g' });
    expect(() => c.poll(0)).toThrow(/not subscribed to any topics/);
    expect(() => c.subscribe([])).toThrow(RangeError);
    c.subscribe('t');
    expect(() => c.poll(-1)).toThrow(/must not be negative/);
    expect(() => c.seek({ topic: 't', partition: 0 }, 0)).toThrow(/No current assignment/);
    expect(() => c.commitSync([{ topic: 't', partition: 0, offset: -5 }])).toThrow(/Invalid offset/);
    c.close();
    expect(c.state).toBe('left');
    expect(() => c.poll(0)).toThrow(/already been closed/);
  });
  it('[CL-52] each group protocol refuses the keys it does not use, naming them, as Kafka 4.0 does', () => {
    for (const key of ['session.timeout.ms', 'heartbeat.interval.ms', 'partition.assignment.strategy'] as const) {
      const value = key === 'partition.assignment.strategy' ? ['range'] : 1_000;
      const e = refusal(kafka, { 'group.id': 'g', 'group.protocol': 'consumer', [key]: value });
      expect(e).toMatchObject({ kind: 'InvalidConfig', key });
      expect(e.message).toBe(`${key} cannot be set when group.protocol=CONSUMER`);
    }
    const both = refusal(kafka, { 'group.id': 'g', 'group.protocol': 'consumer', 'heartbeat.interval.ms': 1_000, 'session.timeout.ms': 10_000 });
    expect(both.message).toBe('heartbeat.interval.ms, session.timeout.ms cannot be set when group.protocol=CONSUMER');
    expect(refusal(kafka, { 'group.id': 'g', 'group.remote.assignor': 'uniform' })).toMatchObject({ kind: 'InvalidConfig', key: 'group.remote.assignor', message: 'group.remote.assignor cannot be set when group.protocol=CLASSIC' });
    // What each protocol uses is accepted.
    expect(consumerOf(kafka, { 'group.id': 'g', 'group.protocol': 'consumer', 'group.remote.assignor': 'uniform' }).config.groupRemoteAssignor).toBe('uniform');
    expect(consumerOf(kafka, { 'group.id': 'g', 'session.timeout.ms': 10_000, 'heartbeat.interval.ms': 1_000 }).config.sessionTimeoutMs).toBe(10_000);
  });
});
