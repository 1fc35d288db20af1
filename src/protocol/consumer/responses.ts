/**
 * The answers of the consumer-group APIs that carry only an error.
 * @see spec/consumer-group.md
 */
import type { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse, ConsumerGroupHeartbeatResponse } from '../messages/index.js';

/** A ConsumerGroupHeartbeat answer carrying only an error (member id null, epoch 0, interval 0). */
export function consumerGroupHeartbeatError(errorCode: number, errorMessage: string | null = null): ConsumerGroupHeartbeatResponse {
  return { api: 'ConsumerGroupHeartbeat', throttleTimeMs: 0, errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

/** A ConsumerGroupDescribe answer giving every requested group the same error. */
export function consumerGroupDescribeError(request: ConsumerGroupDescribeRequest, errorCode: number, errorMessage: string | null = null): ConsumerGroupDescribeResponse {
  return {
    api: 'ConsumerGroupDescribe',
    throttleTimeMs: 0,
    groups: request.groupIds.map((groupId) => ({
      errorCode,
      errorMessage,
      groupId,
      groupState: '',
      groupEpoch: 0,
      assignmentEpoch: 0,
      assignorName: '',
      members: [],
      authorizedOperations: -2_147_483_648,
    })),
  };
}
