/**
 * The canonical list form of a KIP-848 assignment (src/protocol/consumer/assignment.ts), as the
 * heartbeat answer and the records carry it, and the whole-request error answer of
 * ConsumerGroupDescribe (src/protocol/consumer/responses.ts).
 * @see spec/consumer-group.md CG-17
 * @see spec/failover.md FO-01, FO-02
 */
import { describe, expect, it } from 'vitest';
import { assignmentFromList, assignmentToList, assignmentsEqual } from '../../../../src/protocol/consumer/assignment.js';
import { ErrorCodes } from '../../../../src/protocol/errors.js';
import { errorResponse } from '../../../../src/protocol/front-door.js';

describe('the canonical list form of an assignment', () => {
  it('[CG-17] topics by id ascending, partitions ascending as numbers, topics without partitions left out', () => {
    const assignment = new Map([
      ['t2', new Set([10, 2, 1])],
      ['t1', new Set<number>()],
      ['t0', new Set([3, 0])],
      ['t10', new Set([5])],
    ]);
    expect(assignmentToList(assignment)).toEqual([
      { topicId: 't0', partitions: [0, 3] },
      { topicId: 't10', partitions: [5] },
      { topicId: 't2', partitions: [1, 2, 10] },
    ]);
  });

  it('[CG-17] a list read back and written again is canonical: duplicates merged, empty topics dropped', () => {
    const list = [
      { topicId: 'b', partitions: [2, 1] },
      { topicId: 'a', partitions: [] },
      { topicId: 'b', partitions: [1, 0] },
    ];
    expect(assignmentToList(assignmentFromList(list))).toEqual([{ topicId: 'b', partitions: [0, 1, 2] }]);
  });

  it('[CG-17] read from a list, a topic listed without partitions is not in the assignment at all', () => {
    expect([...assignmentFromList([{ topicId: 'a', partitions: [] }, { topicId: 'b', partitions: [0] }]).keys()]).toEqual(['b']);
  });

  it('[CG-17] compared, a topic with no partitions counts as absent, on either side', () => {
    const withEmpty = new Map([['a', new Set<number>()], ['b', new Set([1])]]);
    const without = new Map([['b', new Set([1])]]);
    expect(assignmentsEqual(withEmpty, without)).toBe(true);
    expect(assignmentsEqual(without, withEmpty)).toBe(true);
    expect(assignmentsEqual(withEmpty, new Map([['b', new Set([2])]]))).toBe(false);
  });
});

describe('ConsumerGroupDescribe answered as a whole with an error', () => {
  for (const errorCode of [ErrorCodes.NOT_COORDINATOR, ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS]) {
    it(`[FO-01][FO-02] error ${errorCode}: one entry per id with the error, an empty state and assignor, epochs 0, no members, operations not requested`, () => {
      const request = { api: 'ConsumerGroupDescribe' as const, version: 1, clientId: 'admin', clientHost: '/127.0.0.1', groupIds: ['a', 'b'], includeAuthorizedOperations: true };
      const entry = (groupId: string) => ({ errorCode, errorMessage: null, groupId, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], authorizedOperations: -2_147_483_648 });
      expect(errorResponse(request, errorCode)).toEqual({ api: 'ConsumerGroupDescribe', throttleTimeMs: 0, groups: [entry('a'), entry('b')] });
    });
  }
});
