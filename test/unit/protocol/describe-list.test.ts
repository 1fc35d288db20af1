import { describe, expect, it } from 'vitest';
import { describeGroups, listGroups } from '../../../src/conformance/scenario.js';
import { InvalidRequestError } from '../../../src/protocol/invariant.js';
import type { DescribeGroupsResponse, GroupRequest, ListGroupsResponse } from '../../../src/protocol/messages/index.js';
import { GroupTestContext } from '../../helpers/test-context.js';

describe('DescribeGroups and ListGroups: deterministic choices where Kafka is arbitrary', () => {
  it('[DG-01] results come in request order, duplicates included', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    ctx.stableGroup(1, 'b');
    ctx.stableGroup(1, 'a');
    const r = ctx.send<DescribeGroupsResponse>(describeGroups(['z', 'b', 'a', 'b', '']));
    expect(r.response?.groups.map((g) => [g.groupId, g.groupState])).toEqual([
      ['z', 'Dead'],
      ['b', 'Stable'],
      ['a', 'Stable'],
      ['b', 'Stable'],
      ['', 'Dead'],
    ]);
  });

  it('[DG-06] members are described in join order', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    const ids = ['z', 'a', 'm'].map((c) => ctx.joinDynamic({ clientId: c }).memberId);
    const r = ctx.send<DescribeGroupsResponse>(describeGroups(['g']));
    expect(r.response?.groups[0]?.members.map((m) => m.memberId)).toEqual(ids);
  });

  it('[LS-02] groups are listed in creation order, whatever their ids and states', () => {
    const ctx = new GroupTestContext({ initialRebalanceDelayMs: 100 });
    ctx.stableGroup(1, 'z');
    ctx.joinGroup({ groupId: 'a' });
    ctx.stableGroup(2, 'm');
    const r = ctx.send<ListGroupsResponse>(listGroups());
    expect(r.response?.groups.map((g) => g.groupId)).toEqual(['z', 'a', 'm']);
  });
});

/** The request throws an InvalidRequestError naming `field`, and nothing changes. */
function rejects(request: GroupRequest, field: string): void {
  const ctx = new GroupTestContext();
  ctx.joinGroup();
  const records = ctx.runtime.records.length;
  const timers = ctx.runtime.timers().length;
  let thrown: unknown;
  try {
    ctx.send(request);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidRequestError);
  expect((thrown as InvalidRequestError).field).toBe(field);
  expect(ctx.runtime.records.length).toBe(records);
  expect(ctx.runtime.timers().length).toBe(timers);
}

describe('DescribeGroups and ListGroups: fields a version cannot carry', () => {
  it('[VER-11] a non-empty statesFilter before ListGroups v4 throws naming it; an empty one passes', () => {
    for (let v = 0; v <= 3; v++) {
      rejects(listGroups({ version: v, statesFilter: ['Stable'] }), 'statesFilter');
      expect(new GroupTestContext().send<ListGroupsResponse>(listGroups({ version: v, statesFilter: [] })).response?.errorCode).toBe(0);
    }
  });

  it('[VER-12] a non-empty typesFilter before ListGroups v5 throws naming it; an empty one passes', () => {
    for (let v = 0; v <= 4; v++) {
      rejects(listGroups({ version: v, typesFilter: ['classic'] }), 'typesFilter');
      expect(new GroupTestContext().send<ListGroupsResponse>(listGroups({ version: v, typesFilter: [] })).response?.errorCode).toBe(0);
    }
  });

  it('[VER-09] includeAuthorizedOperations true before DescribeGroups v3 throws naming it', () => {
    for (let v = 0; v <= 2; v++) {
      rejects({ api: 'DescribeGroups', version: v, clientId: 'c', clientHost: 'h', groups: ['g'], includeAuthorizedOperations: true }, 'includeAuthorizedOperations');
    }
  });
});

describe('ListGroups: the states filter is trimmed as Java trims', () => {
  const listed = (filter: string): string[] => {
    const ctx = new GroupTestContext();
    ctx.stableGroup(1);
    return (ctx.send<ListGroupsResponse>(listGroups({ statesFilter: [filter] })).response?.groups ?? []).map((g) => g.groupId);
  };

  it('[LS-03] every leading and trailing character up to U+0020 goes, however many: "  \\t\\u0001Stable\\n\\r " selects a Stable group', () => {
    expect(listed('  \t\u0001Stable\n\r ')).toEqual(['g']);
    expect(listed('\u0000\u0000stable')).toEqual(['g']);
    expect(listed('STABLE \u001f\u0020')).toEqual(['g']);
  });

  it('[LS-03] nothing inside the string is removed: "sta ble" and "Sta\\tble" name no state', () => {
    expect(listed('sta ble')).toEqual([]);
    expect(listed(' Sta\tble ')).toEqual([]);
  });
});
