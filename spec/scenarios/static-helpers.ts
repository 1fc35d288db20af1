/**
 * Setups for the static-membership and `group.max.size` scenarios: groups made of static
 * members (instance `i<k>`) and dynamic members, built with the same timing as setup.ts.
 *
 * Variables they bind: `$m1`, `$m2`, ... member ids in join order; `$m1` leads.
 * @see spec/static-membership.md
 */
import type { Step } from '../../src/conformance/scenario.js';
import { advance, expect, joinGroup, send, syncGroup } from '../../src/conformance/scenario.js';
import type { GroupRequest } from '../../src/protocol/messages/index.js';
import { assignmentOf } from './setup.js';

/** Optional JoinGroup fields of the builders. */
export type JoinFields = Parameters<typeof joinGroup>[0];

/** A JoinGroup (v9 unless given) of static member `k`: client `c<k>`, instance `i<k>`, MemberId `""` unless given. */
export function staticJoin(k: number, fields: JoinFields = {}): GroupRequest {
  return joinGroup({ clientId: `c${k}`, groupInstanceId: `i${k}`, ...fields });
}

/** The instance id member `k` sends: `i<k>` for a static member, null for a dynamic one. */
function instanceOf(kinds: string, k: number): string | null {
  return kinds[k - 1] === 's' ? `i${k}` : null;
}

/**
 * The join phase of a new group `g` whose members are described by `kinds`, one letter per
 * member: `s` a static member (instance `i<k>`, added at once, ST-02), `d` a dynamic one
 * (two-step join, JG-08). All join at time 0; the join phase ends at 200 (SHORT_DELAY) with
 * generation 1 led by `$m1`. The JoinGroup of member `k` is labelled `join<k>`.
 */
export function joinedWith(kinds: string, fields: JoinFields = {}): Step[] {
  const steps: Step[] = [];
  for (let k = 1; k <= kinds.length; k++) {
    if (kinds[k - 1] === 's') {
      steps.push(send(`join${k}`, staticJoin(k, fields)));
    } else {
      steps.push(
        send(`first${k}`, joinGroup({ clientId: `c${k}`, ...fields })),
        expect(`first${k}`, { errorCode: 79, memberId: `$m${k}` }),
        send(`join${k}`, joinGroup({ clientId: `c${k}`, memberId: `$m${k}`, ...fields })),
      );
    }
  }
  steps.push(advance(200));
  for (let k = 1; k <= kinds.length; k++) {
    steps.push(expect(`join${k}`, { errorCode: 0, generationId: 1, leader: '$m1', memberId: `$m${k}` }));
  }
  return steps;
}

/**
 * A Stable group `g` at generation 1 (time 200) made of `kinds` (see {@link joinedWith});
 * member `k` holds {@link assignmentOf}(k, 1). Every member synced, so the pending-sync set is
 * empty and the sync timer cancelled. Records written: creation (generation 0) and the
 * leader's SyncGroup (generation 1).
 */
export function stableWith(kinds: string, fields: JoinFields = {}): Step[] {
  const steps = joinedWith(kinds, fields);
  const assignments = Array.from({ length: kinds.length }, (_, i) => ({ memberId: `$m${i + 1}`, assignment: assignmentOf(i + 1, 1) }));
  steps.push(send('sync1', syncGroup({ memberId: '$m1', groupInstanceId: instanceOf(kinds, 1), assignments })));
  for (let k = 2; k <= kinds.length; k++) {
    steps.push(send(`sync${k}`, syncGroup({ memberId: `$m${k}`, groupInstanceId: instanceOf(kinds, k) })));
  }
  for (let k = 1; k <= kinds.length; k++) steps.push(expect(`sync${k}`, { errorCode: 0, assignment: assignmentOf(k, 1) }));
  return steps;
}

/** The two GroupMetadata records {@link stableWith} writes. */
export const STABLE_RECORDS: readonly object[] = [
  { generation: 0, protocolType: '', protocol: null, leader: null, members: [] },
  { generation: 1, protocolType: 'consumer', protocol: 'range', leader: '$m1' },
];
