/**
 * The runner's names at the target boundary: a run's prefix on every group and topic, except the
 * empty group id in the requests that refuse it, which must reach the broker as it is.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '../../../src/conformance/namespace.js';
import { describeGroups, heartbeat, joinGroup } from '../../../src/conformance/scenario.js';
import type { GroupRequest } from '../../../src/protocol/messages/index.js';

describe('Namespace', () => {
  const ns = new Namespace('run-1-');

  it('[CONF-05] prefixes group ids and topic names', () => {
    expect(ns.name('g')).toBe('run-1-g');
    expect(ns.topics([{ name: 't', partitions: 2 }])).toEqual([{ name: 'run-1-t', partitions: 2 }]);
    expect(ns.outbound(joinGroup({ groupId: 'g' }))).toMatchObject({ groupId: 'run-1-g' });
    expect(ns.outbound(describeGroups(['g', 'h']))).toMatchObject({ groups: ['run-1-g', 'run-1-h'] });
  });

  it('[CONF-05] sends the empty group id as it is where the broker refuses it, and prefixed where it names a real group', () => {
    expect(ns.outbound(heartbeat({ groupId: '' }))).toMatchObject({ groupId: '' });
    expect(ns.outbound(joinGroup({ groupId: '' }))).toMatchObject({ groupId: '' });
    expect(ns.outbound(describeGroups(['', 'g']))).toMatchObject({ groups: ['', 'run-1-g'] });
    const commit = { api: 'OffsetCommit', version: 8, clientId: 'c', clientHost: '', groupId: '', generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1, topics: [] } as const;
    expect(ns.outbound(commit as unknown as GroupRequest)).toMatchObject({ groupId: 'run-1-' });
  });
});
