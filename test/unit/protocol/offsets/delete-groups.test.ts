import { describe, expect, it } from 'vitest';
import type { DeleteGroupsResponse } from '../../../../src/protocol/messages/index.js';
import { deleteGroupsErrorResponse } from '../../../../src/protocol/offsets/index.js';
import { deleteGroups, offsetCommit, offsetFetch, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { joinGroup } from '../../../../src/conformance/scenario.js';
import { GroupTestContext } from '../../../helpers/test-context.js';
import { Harness } from './harness.js';

describe('DeleteGroups', () => {
  it('[DEL-01] one result per distinct id in first-occurrence order; the empty id is an id', () => {
    const h = new Harness();
    h.send(offsetCommit({ groupId: '' }));
    const r = h.send(deleteGroups(['x', '', 'x', 'y', ''])).response as DeleteGroupsResponse;
    expect(r.results).toEqual([
      { groupId: 'x', errorCode: 69 },
      { groupId: '', errorCode: 0 },
      { groupId: 'y', errorCode: 69 },
    ]);
    expect(deleteGroupsErrorResponse({ api: 'DeleteGroups', version: 2, clientId: 'c', clientHost: 'h', groupsNames: ['a', 'a', 'b'] }, 16).results).toEqual([
      { groupId: 'a', errorCode: 16 },
      { groupId: 'b', errorCode: 16 },
    ]);
  });

  it('[DEL-02] a Dead group -> GROUP_ID_NOT_FOUND, nothing written', () => {
    const h = new Harness();
    h.send(offsetCommit());
    h.force('g', 'Dead');
    const step = h.send(deleteGroups(['g']));
    expect((step.response as DeleteGroupsResponse).results).toEqual([{ groupId: 'g', errorCode: 69 }]);
    expect(step.records).toEqual([]);
  });

  it('[DEL-03][REC-09] offset tombstones in topic/partition order, then the group tombstone; replay removes both', () => {
    const h = new Harness();
    h.send(offsetCommit({ topics: [topic('b', part(1, 1), part(0, 1)), topic('a', part(5, 1))] }));
    h.send(offsetCommit({ groupId: 'keep' }));
    const step = h.send(deleteGroups(['g']));
    expect(step.records).toEqual([
      { type: 'OffsetCommit', groupId: 'g', topic: 'a', partition: 5, value: null },
      { type: 'OffsetCommit', groupId: 'g', topic: 'b', partition: 0, value: null },
      { type: 'OffsetCommit', groupId: 'g', topic: 'b', partition: 1, value: null },
      { type: 'GroupMetadata', groupId: 'g', value: null },
    ]);
    expect(h.state.groups.has('g')).toBe(false);
    expect(h.state.offsets.has('g')).toBe(false);
    expect([...h.state.groups.keys()]).toEqual(['keep']);
    expect(step.timers).toEqual([]);
  });

  it('[DEL-03][DEL-04] a JoinGroup-created Empty group loses its durable image; the id then starts over at generation 0', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const ids = ctx.stableGroup(1);
    ctx.leaveGroup(ids);
    expect(ctx.group().generationId).toBe(2);
    expect(ctx.runtime.state.durable.has('g')).toBe(true);
    ctx.send(deleteGroups(['g']));
    expect(ctx.runtime.state.durable.has('g')).toBe(false);
    expect(ctx.runtime.state.groups.has('g')).toBe(false);
    ctx.send(joinGroup({ memberId: '' }));
    expect(ctx.group()).toMatchObject({ generationId: 0, state: 'Empty' });
    expect(ctx.send(offsetFetch('g', null)).records).toEqual([]);
  });
});
