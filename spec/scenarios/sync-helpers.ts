/**
 * Helpers shared by the SyncGroup and Heartbeat scenarios: request builders for the members of
 * the setups, the SyncGroup error shape, the records the setups write, and keep-alive heartbeats.
 */
import type { Step } from '../../src/conformance/scenario.js';
import { advance, expect, heartbeat, send, syncGroup } from '../../src/conformance/scenario.js';
import { assignmentOf } from './setup.js';

/** The SyncGroup error shape (SG-05): the code, no protocol type or name, empty assignment. */
export function syncError(errorCode: number): Record<string, unknown> {
  return { errorCode, protocolType: null, protocolName: null, assignment: new Uint8Array(0) };
}

/** A SyncGroup of member `m<i>` (client `c<i>`) for generation `gen`. */
export function syncOf(i: number, gen: number, fields: Parameters<typeof syncGroup>[0] = {}): ReturnType<typeof syncGroup> {
  return syncGroup({ clientId: `c${i}`, memberId: `$m${i}`, generationId: gen, ...fields });
}

/** The leader m1's SyncGroup for generation `gen` giving m1 .. m<n> {@link assignmentOf}(i, gen). */
export function leaderSync(gen: number, n = 2, fields: Parameters<typeof syncGroup>[0] = {}): ReturnType<typeof syncGroup> {
  const assignments = Array.from({ length: n }, (_, k) => ({ memberId: `$m${k + 1}`, assignment: assignmentOf(k + 1, gen) }));
  return syncOf(1, gen, { assignments, ...fields });
}

/** The GroupMetadata records of `stableGroup(2)`: creation, then the leader's SyncGroup. */
export const STABLE_RECORDS = [
  { generation: 0, protocolType: '', protocol: null, leader: null, members: [] },
  { generation: 1, protocolType: 'consumer', protocol: 'range', leader: '$m1', members: [{ memberId: '$m1', assignment: assignmentOf(1, 1) }, { memberId: '$m2', assignment: assignmentOf(2, 1) }] },
];

/** The GroupMetadata records of `emptiedGroup()`: {@link STABLE_RECORDS}, then the record of the emptied group. */
export const EMPTIED_RECORDS = [...STABLE_RECORDS, { generation: 2, protocolType: 'consumer', protocol: null, leader: null, members: [] }];

/** Every 6000 ms, `rounds` times, members `who` heartbeat generation `gen` and get NONE. */
export function keepAlive(rounds: number, gen: number, who: readonly number[]): Step[] {
  const steps: Step[] = [];
  for (let r = 1; r <= rounds; r++) {
    steps.push(advance(6000));
    for (const i of who) steps.push(send(`ka${r}m${i}`, heartbeatOf(i, gen)));
    for (const i of who) steps.push(expect(`ka${r}m${i}`, { errorCode: 0 }));
  }
  return steps;
}

/** A Heartbeat (v4 by default) of member `m<i>` (client `c<i>`) for generation `gen`. */
export function heartbeatOf(i: number, gen: number, fields: Parameters<typeof heartbeat>[0] = {}): ReturnType<typeof heartbeat> {
  return heartbeat({ clientId: `c${i}`, memberId: `$m${i}`, generationId: gen, ...fields });
}
