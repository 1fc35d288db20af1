/**
 * Deliberate client faults, injected from the test side: transports that wrap a consumer's
 * transport and rewrite, add or swallow its requests, and a faulty assignor. The consumer itself
 * stays correct; what reaches the brokers is what a broken client would send.
 */
import type { KafkaRequest, KafkaResponse, FetchRequest } from '../../src/protocol/messages/index.js';
import type { ClientTransport, NodeAddress, SendOptions, SendResult } from '../../src/transport/client-transport.js';
import type { Scheduler } from '../../src/time/scheduler.js';
import type { GroupAssignment, PartitionAssignor } from '../../src/protocol/assignors/types.js';
import { rangeAssignor } from '../../src/protocol/assignors/range.js';

/** A consumer's transport. */
export type ConsumerTransport = ClientTransport<KafkaRequest, KafkaResponse>;

type OnResult = (result: SendResult<KafkaResponse>) => void;

/** A transport whose `kill()` makes the client vanish: nothing it sends reaches a broker again. */
export interface Killable extends ConsumerTransport {
  kill(): void;
}

/** Wraps `inner`; after `kill()` requests are swallowed (no answer, no error), as if the process died. */
export function killable(inner: ConsumerTransport): Killable {
  let dead = false;
  let next = -1;
  return {
    kill: () => (dead = true),
    send: (clientId, destination, request, onResult, options) => (dead ? next-- : inner.send(clientId, destination, request, onResult, options)),
  };
}

/** Numbers the refetching wrappers, so their timer keys never collide on one scheduler. */
let refetchers = 0;

/**
 * The fault "keeps fetching during a rebalance": while the client rejoins (from a JoinGroup with
 * its member id until its SyncGroup is answered NONE) its last Fetch (`last`), or the last Fetch
 * of every partition it ever read (`everything`, revoked ones too), is sent again every
 * `periodMs`.
 */
export function fetchesWhileRejoining(inner: ConsumerTransport, scheduler: Scheduler, periodMs = 50, what: 'last' | 'everything' = 'last'): ConsumerTransport {
  let last: { clientId: string; destination: NodeAddress; request: FetchRequest } | undefined;
  /** Every Fetch it sent, by partition (the last one of each), for `everything`. */
  const ever = new Map<string, { clientId: string; destination: NodeAddress; request: FetchRequest }>();
  let rejoining = false;
  const key = `fault:refetch:${++refetchers}`;
  const tick = (): void => {
    if (!rejoining || last === undefined) return;
    const again = what === 'last' ? [last] : [...new Set(ever.values())];
    for (const f of again) inner.send(f.clientId, f.destination, f.request, () => {});
    scheduler.schedule(key, periodMs, tick);
  };
  return {
    send(clientId: string, destination: NodeAddress, request: KafkaRequest, onResult: OnResult, options?: SendOptions): number {
      if (request.api === 'Fetch' && request.topics.length > 0) {
        last = { clientId, destination, request };
        for (const t of request.topics) for (const p of t.partitions) ever.set(`${t.topic}:${p.partition}`, last);
      }
      let handler = onResult;
      if (request.api === 'JoinGroup' && request.memberId !== '' && !rejoining) {
        rejoining = true;
        scheduler.schedule(key, periodMs, tick);
      }
      if (request.api === 'SyncGroup') {
        handler = (result) => {
          if (result.type === 'response' && result.response.api === 'SyncGroup' && result.response.errorCode === 0) rejoining = false;
          onResult(result);
        };
      }
      return inner.send(clientId, destination, request, handler, options);
    },
  };
}

/**
 * The fault "commits with the previous generation": every OffsetCommit made as a member carries
 * the generation the client had before its current one (once it has had two).
 */
export function commitsWithPreviousGeneration(inner: ConsumerTransport): ConsumerTransport {
  const generations: number[] = [];
  return {
    send(clientId: string, destination: NodeAddress, request: KafkaRequest, onResult: OnResult, options?: SendOptions): number {
      let sent = request;
      const previous = generations[generations.length - 2];
      if (request.api === 'OffsetCommit' && request.generationIdOrMemberEpoch >= 0 && previous !== undefined) {
        sent = { ...request, generationIdOrMemberEpoch: previous };
      }
      const handler: OnResult = (result) => {
        if (result.type === 'response' && result.response.api === 'JoinGroup' && result.response.errorCode === 0) {
          if (generations[generations.length - 1] !== result.response.generationId) generations.push(result.response.generationId);
        }
        onResult(result);
      };
      return inner.send(clientId, destination, sent, handler, options);
    },
  };
}

/**
 * The fault "a leader gives one partition to two members": the range assignment, plus the first
 * member's first partition given to the second member too.
 */
export const doubleAssignor: PartitionAssignor = {
  name: 'double',
  supportedProtocols: ['EAGER'],
  assign(input): GroupAssignment {
    const assignment = rangeAssignor.assign(input);
    const ids = [...assignment.keys()].sort();
    const first = assignment.get(ids[0] ?? '')?.[0];
    const second = ids[1];
    if (first !== undefined && second !== undefined) assignment.set(second, [...(assignment.get(second) ?? []), first]);
    return assignment;
  },
};

/**
 * The fault "does not rejoin after fencing" (KIP-848): a ConsumerGroupHeartbeat that rejoins
 * (epoch 0) after the client held an epoch carries that old epoch instead, as a member that kept
 * its epoch when it was fenced would.
 */
export function keepsEpochAfterFencing(inner: ConsumerTransport): ConsumerTransport {
  let held = 0;
  return {
    send(clientId: string, destination: NodeAddress, request: KafkaRequest, onResult: OnResult, options?: SendOptions): number {
      let sent = request;
      if (request.api === 'ConsumerGroupHeartbeat' && request.memberEpoch === 0 && held > 0) sent = { ...request, memberEpoch: held };
      const handler: OnResult = (result) => {
        if (result.type === 'response' && result.response.api === 'ConsumerGroupHeartbeat' && result.response.errorCode === 0 && result.response.memberEpoch > 0) held = result.response.memberEpoch;
        onResult(result);
      };
      return inner.send(clientId, destination, sent, handler, options);
    },
  };
}
