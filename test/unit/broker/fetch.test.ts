import { describe, expect, it } from 'vitest';
import { decodeText, fetchRequest, textRecord, type FetchResponse, type RecordBatch } from '../../../src/protocol/messages/index.js';
import { InMemoryKafka } from '../../../src/broker/in-memory-kafka.js';
import type { BrokerResponse } from '../../../src/broker/kafka-broker.js';
import type { SendResult } from '../../../src/transport/channel.js';
import { produce } from '../../../src/broker/produce.js';

function setup(): InMemoryKafka {
  const kafka = new InMemoryKafka({ brokers: 3, offsetsTopicPartitions: 1 });
  kafka.cluster.createTopic('t', 2, 3);
  kafka.settle();
  return kafka;
}

/** The offsets of the records in `batches`. */
const offsets = (batches: readonly RecordBatch[]): number[] => batches.flatMap((b) => b.records.map((r) => b.baseOffset + r.offsetDelta));

const leaderOf = (kafka: InMemoryKafka, p: number): number => kafka.cluster.partition('t', p)!.leader!;

describe('Fetch at the brokers', () => {
  it('[RP-19][RP-15] a fetch with records or errors is answered at once, in request order', () => {
    const kafka = setup();
    produce(kafka, 't', 0, [textRecord('a'), textRecord('b', 'k')]);
    const id = kafka.send(leaderOf(kafka, 0), fetchRequest([['t', 0, 0], ['t', 9, 0]], { partitionMaxRecords: 1 }));
    const r = kafka.response(id) as FetchResponse;
    expect(r.responses).toHaveLength(1);
    expect(r.responses[0]!.partitions.map((p) => [p.partitionIndex, p.errorCode, p.highWatermark, offsets(p.records)])).toEqual([
      [0, 0, 2, [0]],
      [9, 3, -1, []],
    ]);
    const [batch] = r.responses[0]!.partitions[0]!.records;
    expect([decodeText(batch!.records[0]!.key), decodeText(batch!.records[0]!.value)]).toEqual([null, 'a']);
  });

  it('[RP-19] a fetch with nothing to return waits for records, for a leader change, or for maxWaitMs', () => {
    const kafka = setup();
    const leader = leaderOf(kafka, 1);
    const waiting = kafka.send(leader, fetchRequest([['t', 1, 0]], { maxWaitMs: 500 }));
    kafka.advance(100);
    expect(kafka.response(waiting)).toBeUndefined();
    produce(kafka, 't', 1, [textRecord('x')]);
    expect(offsets((kafka.response(waiting) as FetchResponse).responses[0]!.partitions[0]!.records)).toEqual([0]);

    const timedOut = kafka.send(leader, fetchRequest([['t', 1, 1]], { maxWaitMs: 500 }));
    kafka.advance(499);
    expect(kafka.response(timedOut)).toBeUndefined();
    kafka.advance(1);
    expect((kafka.response(timedOut) as FetchResponse).responses[0]!.partitions[0]).toMatchObject({ errorCode: 0, records: [], highWatermark: 1 });

    const immediate = kafka.send(leader, fetchRequest([['t', 1, 1]], { maxWaitMs: 0 }));
    expect(kafka.response(immediate)).toBeDefined();

    const moved = kafka.send(leader, fetchRequest([['t', 1, 1]], { maxWaitMs: 10_000 }));
    const other = kafka.cluster.partition('t', 1)!.isr.find((n) => n !== leader)!;
    kafka.cluster.moveLeadership('t', 1, other);
    kafka.settle();
    expect((kafka.response(moved) as FetchResponse).responses[0]!.partitions[0]!.errorCode).toBe(6);
  });

  it('[NET-01][NET-03] two transports on one loop deliver independently, and a crash fails a parked fetch with DISCONNECTED', () => {
    const kafka = setup();
    const first = kafka.transport;
    const second = kafka.createTransport({ latencyMs: 5 });
    const results: string[] = [];
    const record = (name: string) => (r: SendResult<BrokerResponse>) => results.push(`${name}:${r.type}@${kafka.loop.nowMs()}`);
    first.send('c1', 0, { api: 'Metadata', version: 9, topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }, record('first'));
    second.send('c2', 0, { api: 'Metadata', version: 9, topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }, record('second'));
    const leader = leaderOf(kafka, 0);
    second.send('c2', leader, fetchRequest([['t', 0, 0]], { maxWaitMs: 10_000 }), record('parked'));
    kafka.advance(20);
    kafka.crash(leader);
    expect(results).toEqual(['first:response@2', 'second:response@10', 'parked:networkError@20']);
    kafka.advance(20_000);
    expect(results).toHaveLength(3);
  });
});
