import { describe, expect, it } from 'vitest';
import type { DescribeGroupsResponse, ListGroupsRequest, ListGroupsResponse } from '../../../../src/protocol/messages/index.js';
import { offsetCommit, part, topic } from '../../../../spec/scenarios/offset-helpers.js';
import { AdminHarness, member } from './admin-harness.js';

function list(statesFilter: string[] = [], typesFilter: string[] = [], version = 5): ListGroupsRequest {
  return { api: 'ListGroups', version, clientId: 'admin', clientHost: '/127.0.0.1', statesFilter, typesFilter };
}

function listed(h: AdminHarness, req: ListGroupsRequest): [string, string, string, string][] {
  return (h.send(req).response as ListGroupsResponse).groups.map((g) => [g.groupId, g.protocolType, g.groupState, g.groupType]);
}

/** A simple classic group `simple` (Empty), then consumer groups in every derived state. */
function mixed(): AdminHarness {
  const h = new AdminHarness();
  h.addConsumerGroup('c-stable', { members: [member('m', 2)] });
  h.send(offsetCommit({ groupId: 'simple', topics: [topic('foo', part(0, 1))] }));
  h.addConsumerGroup('c-empty', { groupEpoch: 3 });
  h.addConsumerGroup('c-assigning', { groupEpoch: 5, targetAssignmentEpoch: 4, members: [member('m', 4)] });
  h.addConsumerGroup('c-reconciling', { groupEpoch: 5, members: [member('m', 4)] });
  return h;
}

describe('ListGroups with consumer groups', () => {
  it('[CGO-19] consumer groups are listed after the classic ones with protocol type, state and type consumer', () => {
    expect(listed(mixed(), list())).toEqual([
      ['simple', '', 'Empty', 'classic'],
      ['c-stable', 'consumer', 'Stable', 'consumer'],
      ['c-empty', 'consumer', 'Empty', 'consumer'],
      ['c-assigning', 'consumer', 'Assigning', 'consumer'],
      ['c-reconciling', 'consumer', 'Reconciling', 'consumer'],
    ]);
  });

  it('[CGO-19] older versions: no type before v5, no state before v4', () => {
    const h = mixed();
    expect(listed(h, list([], [], 4))[1]).toEqual(['c-stable', 'consumer', 'Stable', '']);
    expect(listed(h, list([], [], 3))[1]).toEqual(['c-stable', 'consumer', '', '']);
  });

  it('[CGO-20] the types filter selects consumer groups in any case', () => {
    const h = mixed();
    const ids = (types: string[]): string[] => listed(h, list([], types)).map((g) => g[0]);
    expect(ids(['Consumer'])).toEqual(['c-stable', 'c-empty', 'c-assigning', 'c-reconciling']);
    expect(ids(['CLASSIC'])).toEqual(['simple']);
    expect(ids(['consumer', 'classic'])).toHaveLength(5);
    expect(ids(['share', ' consumer'])).toEqual([]);
  });

  it('[CGO-20] the states filter knows the consumer states; empty and stable select both types', () => {
    const h = mixed();
    const ids = (states: string[], types: string[] = []): string[] => listed(h, list(states, types)).map((g) => g[0]);
    expect(ids([' ASSIGNING ', 'reconciling'])).toEqual(['c-assigning', 'c-reconciling']);
    expect(ids(['Empty'])).toEqual(['simple', 'c-empty']);
    expect(ids(['stable'])).toEqual(['c-stable']);
    expect(ids(['preparingrebalance', 'completingrebalance', 'dead'])).toEqual([]);
    expect(ids(['empty'], ['consumer'])).toEqual(['c-empty']);
  });
});

describe('DescribeGroups of a consumer group', () => {
  it('[CGO-18] is described as Dead with no error and no members, like an unknown id', () => {
    const h = mixed();
    const res = h.send({ api: 'DescribeGroups', version: 5, clientId: 'admin', clientHost: '/127.0.0.1', groups: ['c-stable', 'nobody'], includeAuthorizedOperations: false }).response as DescribeGroupsResponse;
    const dead = { errorCode: 0, groupState: 'Dead', protocolType: '', protocolData: '', members: [], authorizedOperations: -2_147_483_648 };
    expect(res.groups).toEqual([{ groupId: 'c-stable', ...dead }, { groupId: 'nobody', ...dead }]);
  });
});
