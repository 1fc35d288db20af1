/**
 * Benchmarks of the lone coordinator (never part of `npm test`; `npm run bench` runs them):
 *
 * - heartbeats per second in a Stable group of 100 and of 50,000 members; every answer must be
 *   NONE from the Stable group at the generation it synced, or the suite fails;
 * - a full rebalance of N members (1,000, 10,000, 100,000): all join (two-step), the join
 *   phase completes, the leader syncs, every follower syncs; the group must end Stable at
 *   generation 1 with every member answered and given its assignment.
 *
 * `--sabotage` lets every session expire before the heartbeats (members expelled), which the
 * heartbeat check must catch; a test runs it on a tiny group.
 */
import { GroupCoordinatorRuntime } from '../src/broker/group-coordinator.js';
import type { RuntimeOptions } from '../src/broker/group-coordinator.js';
import { heartbeat, protocols, versionOf } from '../src/conformance/scenario.js';
import type { GroupResponse, HeartbeatResponse, JoinGroupRequest, JoinGroupResponse, SyncGroupAssignment, SyncGroupRequest, SyncGroupResponse } from '../src/protocol/messages/index.js';
import { ErrorCodes } from '../src/protocol/errors.js';
import { check, flag, measure, runSuite, time } from './harness.js';
import type { Figure } from './harness.js';

const SESSION_TIMEOUT_MS = 10_000;
const REBALANCE_TIMEOUT_MS = 60_000;

/** A runtime that keeps no record log (an option older checkouts ignore). */
function newRuntime(): GroupCoordinatorRuntime {
  return new GroupCoordinatorRuntime({ keepRecords: false } as RuntimeOptions);
}

/**
 * What forming a group leaves to check: tallies of the answers, taken as each came in, as a
 * client reads its answer and lets it go (the run keeps no answer, so its collections see only
 * what the coordinator itself keeps).
 */
interface Formed {
  readonly groupId: string;
  readonly ids: string[];
  /** The leader every JoinGroup answered NONE named (the first one's). */
  leader: string | undefined;
  /** JoinGroups of members with ids answered NONE at generation 1 naming that leader. */
  joined: number;
  /** SyncGroups answered NONE with the member's own 8-byte assignment. */
  synced: number;
  /** The first answer that was not what the check expects, for its message. */
  wrong: string | undefined;
}

/**
 * A member's JoinGroup as a client sends it: a plain object with every field of the newest
 * version, its subscription encoded for this request.
 *
 * @remarks
 * Not the scenario builders (`joinGroup` of src/conformance): those mark the fields they default
 * for the conformance runner (a hidden property per request, and objects spread twice), work a
 * client never does, which the timed runs would otherwise measure with the coordinator.
 */
function joinRequest(groupId: string, clientId: string, memberId: string): JoinGroupRequest {
  return {
    api: 'JoinGroup',
    version: JOIN_VERSION,
    clientId,
    clientHost: '/127.0.0.1',
    groupId,
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols('range'),
    reason: null,
  };
}

/** A member's SyncGroup at generation 1 as a client sends it (the leader's with the assignments). */
function syncRequest(groupId: string, clientId: string, memberId: string, assignments: readonly SyncGroupAssignment[]): SyncGroupRequest {
  return {
    api: 'SyncGroup',
    version: SYNC_VERSION,
    clientId,
    clientHost: '/127.0.0.1',
    groupId,
    generationId: 1,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments,
  };
}

const JOIN_VERSION = versionOf('JoinGroup', undefined);
const SYNC_VERSION = versionOf('SyncGroup', undefined);

/**
 * Forms a group of `n` members: each joins (two-step), the join phase completes, the leader
 * syncs with an 8-byte assignment per member, every follower syncs. Tallies the answers and
 * checks nothing: see {@link checkFormed}.
 */
function formGroup(rt: GroupCoordinatorRuntime, n: number, groupId: string): Formed {
  const f: Formed = { groupId, ids: [], leader: undefined, joined: 0, synced: 0, wrong: undefined };
  // The first JoinGroup is answered at once (MEMBER_ID_REQUIRED): one holder for every member.
  let answered: JoinGroupResponse | undefined;
  const onFirst = (r: GroupResponse): void => void (answered = r as JoinGroupResponse);
  const takeFirst = (): JoinGroupResponse | undefined => {
    const r = answered;
    answered = undefined;
    return r;
  };
  const onJoin = (r: GroupResponse): void => {
    const j = r as JoinGroupResponse;
    f.leader ??= j.errorCode === 0 ? j.leader : undefined;
    if (j.errorCode === 0 && j.generationId === 1 && j.leader === f.leader) f.joined++;
    else f.wrong ??= `JoinGroup answered ${JSON.stringify(j)}`;
  };
  for (let i = 0; i < n; i++) {
    const clientId = `c${i}`;
    rt.send(joinRequest(groupId, clientId, ''), onFirst);
    const first = takeFirst();
    check(first !== undefined && first.errorCode === ErrorCodes.MEMBER_ID_REQUIRED, `the first JoinGroup of ${clientId} was answered ${JSON.stringify(first)}`);
    f.ids.push(first.memberId);
    rt.send(joinRequest(groupId, clientId, first.memberId), onJoin);
  }
  // Every member joined at time 0: the initial delay (3000 ms) is extended once (KIP-134).
  rt.advance(6000);
  const assignments = f.ids.map((memberId, i) => ({ memberId, assignment: Uint8Array.of(i & 0xff, 1, 2, 3, 4, 5, 6, 7) }));
  f.ids.forEach((memberId, i) => {
    const onSync = (r: GroupResponse): void => {
      const { errorCode, assignment } = r as SyncGroupResponse;
      if (errorCode === 0 && assignment.length === 8 && assignment[0] === (i & 0xff)) f.synced++;
      else f.wrong ??= `member ${memberId} was not synced with its assignment: ${JSON.stringify(r)}`;
    };
    rt.send(syncRequest(groupId, `c${i}`, memberId, memberId === f.leader ? assignments : []), onSync);
  });
  return f;
}

/** Checks a formed group: every join and sync answered NONE, Stable at generation 1 with every member. */
function checkFormed(rt: GroupCoordinatorRuntime, f: Formed): void {
  const n = f.ids.length;
  check(f.leader !== undefined, 'the join phase did not complete: no JoinGroup was answered NONE');
  check(f.joined === n, `${n - f.joined} of ${n} members were not answered their JoinGroup at generation 1 (${f.wrong})`);
  check(f.synced === n, `${n - f.synced} of ${n} members were not synced with their assignment (${f.wrong})`);
  const g = rt.state.groups.get(f.groupId);
  check(g?.state === 'Stable' && g.generationId === 1 && g.members.size === n, `the group is not Stable at generation 1 with ${n} members`);
}

/** A group of `n` members, Stable at generation 1, every member synced (checked); returns the member ids. */
export function stableGroup(rt: GroupCoordinatorRuntime, n: number, groupId = 'g'): string[] {
  const formed = formGroup(rt, n, groupId);
  checkFormed(rt, formed);
  return formed.ids;
}

/** Options of {@link heartbeatRun}. */
export interface HeartbeatRun {
  readonly members: number;
  readonly heartbeats: number;
  /** Expel every member (let the sessions expire) before the heartbeats: the check must fail. */
  readonly sabotage?: boolean;
}

/**
 * Builds a Stable group and returns a timed run of `heartbeats` heartbeats round-robin over
 * its members, which checks that every one was answered NONE by the Stable group at generation 1.
 */
export function heartbeatRun(options: HeartbeatRun): () => number {
  const rt = newRuntime();
  const ids = stableGroup(rt, options.members);
  if (options.sabotage) rt.advance(SESSION_TIMEOUT_MS + 1);
  const requests = ids.map((memberId) => heartbeat({ memberId, generationId: 1 }));
  return () => {
    let answered = 0;
    let none = 0;
    const runtime = rt as GroupCoordinatorRuntime & { send?: GroupCoordinatorRuntime['send'] };
    const onAnswer = (r: GroupResponse): void => {
      const { errorCode } = r as HeartbeatResponse;
      answered++;
      if (errorCode === 0) none++;
    };
    const n = options.heartbeats;
    const ms = time(() => {
      if (typeof runtime.send === 'function') for (let i = 0; i < n; i++) runtime.send(requests[i % requests.length]!, onAnswer);
      else for (let i = 0; i < n; i++) onAnswer(rt.response(rt.submit(requests[i % requests.length]!))!);
    });
    const g = rt.state.groups.get('g');
    check(answered === n, `${n - answered} of ${n} heartbeats were not answered`);
    check(none === n, `${n - none} of ${n} heartbeats were not answered NONE`);
    check(g?.state === 'Stable' && g.generationId === 1 && g.members.size === ids.length, 'the group is no longer Stable at generation 1 with every member');
    return ms;
  };
}

/** A timed full rebalance of `n` members (checked: Stable, generation 1, every member synced). */
export function rebalanceRun(n: number): () => number {
  return () => {
    const rt = newRuntime();
    let formed: Formed | undefined;
    const ms = time(() => (formed = formGroup(rt, n, 'g')));
    checkFormed(rt, formed!);
    return ms;
  };
}

/** The suite: heartbeats at 100 and 50,000 members, rebalances of 1,000 to 100,000 members. */
export function coordinatorFigures(): Figure[] {
  const sabotage = flag('--sabotage');
  const figures: Figure[] = [];
  for (const members of [100, 50_000]) {
    const heartbeats = 200_000;
    figures.push(measure(`heartbeat.${members}`, `heartbeats/s, Stable group of ${members} members`, heartbeatRun({ members, heartbeats, sabotage }), { work: heartbeats }));
  }
  for (const n of [1000, 10_000, 100_000]) figures.push(measure(`rebalance.${n}`, `full rebalance of ${n} members`, rebalanceRun(n)));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) await runSuite('coordinator', coordinatorFigures);
