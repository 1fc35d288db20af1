/**
 * One FindCoordinator round of a group member, shared by the classic member and the KIP-848
 * membership: both find their coordinator the same way.
 * @see spec/consumer-member.md CL-01, CL-09
 */
import { ErrorCodes } from '../protocol/errors.js';
import { coordinatorsOf, findCoordinatorRequest } from '../protocol/messages/find-coordinator.js';
import type { Scheduler } from '../time/scheduler.js';
import type { ResolvedConsumerConfig } from './config.js';
import type { ConsumerMetadata } from './metadata.js';
import type { ConsumerNetwork } from './network.js';

/** What a lookup needs from the consumer around the member. */
export interface CoordinatorLookupHost {
  readonly config: ResolvedConsumerConfig;
  readonly loop: Scheduler;
  readonly network: ConsumerNetwork;
  readonly metadata: ConsumerMetadata;
  timerKey(name: string): string;
}

/**
 * Sends FindCoordinator (v4, the group id as key) to any known broker. A coordinator found is
 * learnt (its address) and handed to `found`; otherwise a broker that failed at the network level
 * is marked so, and `retry` runs after `retry.backoff.ms` (the caller decides whether it still
 * needs a coordinator then). `done` runs first in either case, so the caller can clear its
 * in-flight flag before it reacts.
 */
export function findCoordinator(host: CoordinatorLookupHost, done: () => void, found: (nodeId: number) => void, retry: () => void): void {
  const node = host.metadata.anyNode();
  host.network.send(node, findCoordinatorRequest(4, [host.config.groupId]), (result) => {
    done();
    // Over TCP the answer may be of an older version than the request was built at (SRV-24).
    const answer = result.ok ? coordinatorsOf(result.response, host.config.groupId)[0] : undefined;
    if (answer !== undefined && answer.errorCode === ErrorCodes.NONE) {
      host.network.learn(answer);
      return found(answer.nodeId);
    }
    if (!result.ok) host.metadata.nodeFailed(node);
    host.loop.schedule(host.timerKey('find-coordinator'), host.config.retryBackoffMs, retry);
  });
}
