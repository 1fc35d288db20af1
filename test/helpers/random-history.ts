/**
 * Random histories for property tests: up to five clients send JoinGroup, SyncGroup,
 * Heartbeat and LeaveGroup with what they have learnt from their responses (member id,
 * generation, leadership), sometimes stale or wrong, while virtual time advances.
 */
import fc from 'fast-check';
import type { GroupCoordinatorRuntime } from '../../src/broker/group-coordinator.js';
import type { GroupRequest, JoinGroupResponse } from '../../src/protocol/messages/index.js';
import { bytes, heartbeat, joinGroup, leaveGroup, protocols, syncGroup } from '../../src/conformance/scenario.js';

/** One step of a history. */
export type Action =
  | { kind: 'join'; client: number; version: number; protocolSet: number; sessionTimeoutMs: number; rebalanceTimeoutMs: number; freshId: boolean }
  | { kind: 'sync'; client: number; version: number; staleGeneration: boolean }
  | { kind: 'heartbeat'; client: number; version: number; staleGeneration: boolean }
  | { kind: 'leave'; client: number; version: number }
  | { kind: 'advance'; ms: number }
  /** The client does what a well-behaved consumer would do next (join, finish joining, sync, heartbeat). */
  | { kind: 'next'; client: number };

const PROTOCOL_SETS = [protocols('range'), protocols('range', 'roundrobin'), protocols('roundrobin', 'range'), protocols('roundrobin')];

/** An arbitrary action over `clients` clients. */
export function actionArb(clients: number): fc.Arbitrary<Action> {
  const client = fc.integer({ min: 0, max: clients - 1 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('join' as const), client, version: fc.integer({ min: 0, max: 9 }), protocolSet: fc.integer({ min: 0, max: 3 }), sessionTimeoutMs: fc.constantFrom(6000, 10_000, 45_000, 5999), rebalanceTimeoutMs: fc.constantFrom(1000, 10_000, 60_000), freshId: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), client, version: fc.integer({ min: 0, max: 5 }), staleGeneration: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), client, version: fc.integer({ min: 0, max: 4 }), staleGeneration: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), client, version: fc.integer({ min: 0, max: 5 }) }) },
    { weight: 10, arbitrary: fc.record({ kind: fc.constant('next' as const), client }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(1, 500, 3000, 6000, 10_000, 60_000, 300_000) }) },
  );
}

/** What a client has learnt. */
interface Knowledge {
  memberId: string;
  generationId: number;
  isLeader: boolean;
  members: string[];
  protocolName: string | null;
  /** The generation it last synced in (its SyncGroup was answered NONE). */
  syncedGeneration: number;
}

/** Drives a runtime through actions, tracking what each client knows from its responses. */
export class HistoryDriver {
  readonly clients: Knowledge[];
  /** Every successful JoinGroup response seen, for "one leader per generation". */
  readonly joinSuccesses: JoinGroupResponse[] = [];
  private readonly owner = new Map<string, number>();
  private current = -1;

  constructor(
    readonly runtime: GroupCoordinatorRuntime,
    clients: number,
    readonly groupId = 'g',
  ) {
    this.clients = Array.from({ length: clients }, () => ({ memberId: '', generationId: -1, isLeader: false, members: [], protocolName: null, syncedGeneration: -1 }));
    runtime.subscribe((e) => {
      if (e.type === 'request' && this.current >= 0) this.owner.set(e.requestId, this.current);
      const i = e.type === 'response' ? this.owner.get(e.requestId) : undefined;
      if (e.type !== 'response' || i === undefined) return;
      if (e.response.api === 'JoinGroup') this.observeJoin(i, e.response);
      else if (e.response.api === 'SyncGroup' && e.response.errorCode === 0) this.clients[i]!.syncedGeneration = this.clients[i]!.generationId;
      else if (!('errorCode' in e.response)) return;
      else if (e.response.errorCode === 27 || e.response.errorCode === 22) this.clients[i]!.generationId = -1;
      else if (e.response.errorCode === 25) this.clients[i]!.memberId = '';
    });
  }

  /** Applies one action. */
  apply(action: Action): void {
    if (action.kind === 'advance') return this.runtime.advance(action.ms);
    this.current = action.client;
    try {
      this.runtime.submit(this.request(action));
    } finally {
      this.current = -1;
    }
  }

  /** The next action a well-behaved client would take. */
  private next(client: number): Exclude<Action, { kind: 'advance' | 'next' }> {
    const k = this.clients[client]!;
    if (k.memberId === '' || k.generationId < 0) {
      return { kind: 'join', client, version: 9, protocolSet: 1, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, freshId: false };
    }
    if (k.syncedGeneration !== k.generationId) return { kind: 'sync', client, version: 5, staleGeneration: false };
    return { kind: 'heartbeat', client, version: 4, staleGeneration: false };
  }

  private request(action: Exclude<Action, { kind: 'advance' }>): GroupRequest {
    const a = action.kind === 'next' ? this.next(action.client) : action;
    const k = this.clients[a.client]!;
    const common = { groupId: this.groupId, clientId: `c${a.client}`, version: a.version };
    const generationId = a.kind !== 'join' && a.kind !== 'leave' && a.staleGeneration ? k.generationId - 1 : k.generationId;
    switch (a.kind) {
      case 'join':
        return joinGroup({
          ...common,
          memberId: a.freshId ? '' : k.memberId,
          protocols: PROTOCOL_SETS[a.protocolSet]!,
          sessionTimeoutMs: a.sessionTimeoutMs,
          rebalanceTimeoutMs: a.version === 0 ? -1 : a.rebalanceTimeoutMs,
        });
      case 'sync': {
        const assignments = k.isLeader ? k.members.map((m) => ({ memberId: m, assignment: bytes(`${m}@${k.generationId}`) })) : [];
        return syncGroup({
          ...common,
          memberId: k.memberId,
          generationId,
          protocolType: a.version >= 5 ? 'consumer' : null,
          protocolName: a.version >= 5 ? (k.protocolName ?? 'range') : null,
          assignments,
        });
      }
      case 'heartbeat':
        return heartbeat({ ...common, memberId: k.memberId, generationId });
      case 'leave':
        return leaveGroup([k.memberId], { groupId: this.groupId, version: a.version });
    }
  }

  private observeJoin(i: number, r: JoinGroupResponse): void {
    const k = this.clients[i]!;
    if (r.errorCode === 79) k.memberId = r.memberId;
    else if (r.errorCode === 25) k.memberId = '';
    else if (r.errorCode === 0) {
      this.joinSuccesses.push(r);
      k.memberId = r.memberId;
      k.generationId = r.generationId;
      k.isLeader = r.leader === r.memberId;
      k.members = r.members.map((m) => m.memberId);
      k.protocolName = r.protocolName;
    }
  }
}
