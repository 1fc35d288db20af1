import { describe, expect, it } from 'vitest';
import { configFromKafkaProperties, DEFAULT_CONFIG, offsetsRetentionMs } from '../../../../src/protocol/config.js';
import { InvalidRequestError } from '../../../../src/protocol/invariant.js';
import type { GroupRequest } from '../../../../src/protocol/messages/index.js';
import { validateRequest } from '../../../../src/protocol/validate.js';
import { deleteGroups, offsetCommit, offsetDelete, offsetFetch, part, topic } from '../../../../spec/scenarios/offset-helpers.js';

function rejects(request: unknown, field: string): void {
  let thrown: unknown;
  try {
    validateRequest(request as GroupRequest);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${field} to be refused`).toBeInstanceOf(InvalidRequestError);
  expect((thrown as InvalidRequestError).field).toBe(field);
}

describe('[ERR-01] offset requests no version can carry are refused, naming the field', () => {
  it('[ERR-01] OffsetCommit', () => {
    rejects(offsetCommit({ version: 10 }), 'version');
    rejects(offsetCommit({ version: 6, groupInstanceId: 'i1' }), 'groupInstanceId');
    rejects(offsetCommit({ topics: [topic('t', part(0, 1, { commitTimestamp: 5 }))] }), 'topics[0].partitions[0].commitTimestamp');
    rejects(offsetCommit({ topics: [topic('t', part(0, 2 ** 60))] }), 'topics[0].partitions[0].committedOffset');
    rejects(offsetCommit({ topics: [topic('t', part(0, 1, { committedMetadata: 7 as never }))] }), 'topics[0].partitions[0].committedMetadata');
    rejects({ ...offsetCommit(), retentionTimeMs: 1.5 }, 'retentionTimeMs');
    rejects({ ...offsetCommit(), topics: [{ name: 't' }] }, 'topics[0].partitions');
    expect(() => validateRequest(offsetCommit({ version: 1, topics: [topic('t', part(0, 1, { commitTimestamp: 5 }))] }))).not.toThrow();
    // Ignorable fields a version lacks are not refused: the broker ignores them.
    expect(() => validateRequest(offsetCommit({ version: 0, generationIdOrMemberEpoch: 3, retentionTimeMs: 9 }))).not.toThrow();
  });

  it('[ERR-01] OffsetFetch', () => {
    rejects(offsetFetch('g', null, { version: 1 }), 'topics');
    rejects(offsetFetch('g', { t: [0] }, { version: 6, requireStable: true }), 'requireStable');
    rejects({ ...offsetFetch('g', { t: [0] }, { version: 7 }), groups: [] }, 'groups');
    rejects({ ...offsetFetch('g', { t: [0] }), groupId: 'g' }, 'groupId');
    rejects({ ...offsetFetch('g', { t: [0] }), topics: null }, 'topics');
    rejects(offsetFetch('g', { t: [1.5] }), 'groups[0].topics[0].partitionIndexes[0]');
    rejects({ api: 'OffsetFetch', version: 3, clientId: 'c', clientHost: 'h', groupId: 'g', requireStable: false }, 'topics');
    expect(() => validateRequest(offsetFetch('g', null, { version: 2 }))).not.toThrow();
  });

  it('[ERR-01] OffsetDelete and DeleteGroups', () => {
    rejects({ ...offsetDelete('g', { t: [0] }), version: 1 }, 'version');
    rejects(offsetDelete('g', { t: [2 ** 31] }), 'topics[0].partitions[0].partitionIndex');
    rejects(deleteGroups(['a'], 3), 'version');
    rejects({ ...deleteGroups(['a']), groupsNames: [null] }, 'groupsNames[0]');
  });
});

describe('offset configs', () => {
  it("[OC-10][EXP-01][EXP-03] Kafka's names and defaults; retention and interval at least 1", () => {
    expect(DEFAULT_CONFIG).toMatchObject({ offsetsRetentionMinutes: 10_080, offsetsRetentionCheckIntervalMs: 600_000, offsetMetadataMaxBytes: 4096 });
    expect(offsetsRetentionMs(DEFAULT_CONFIG)).toBe(604_800_000);
    const c = configFromKafkaProperties({ 'offsets.retention.minutes': 2, 'offsets.retention.check.interval.ms': '50', 'offset.metadata.max.bytes': 0 });
    expect(c).toMatchObject({ offsetsRetentionMinutes: 2, offsetsRetentionCheckIntervalMs: 50, offsetMetadataMaxBytes: 0 });
    expect(() => configFromKafkaProperties({ 'offsets.retention.minutes': 0 })).toThrow(/offsets.retention.minutes/);
    expect(() => configFromKafkaProperties({ 'offsets.retention.check.interval.ms': 0 })).toThrow(/offsets.retention.check.interval.ms/);
  });
});
