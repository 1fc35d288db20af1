/**
 * Normative scenarios: ListGroups in every version, its states and types filters, and that
 * listing changes nothing.
 *
 * @remarks
 * Kafka lists groups in no fixed order (LS-02), so every list is compared as a set. Groups come
 * from the setups of `setup.ts` and single-member joins that wait out the broker's initial delay,
 * so the scenarios run with any delay.
 * @see spec/describe-list.md, spec/versions.md
 */
import type { Pattern, Scenario, ScenarioEnv, Step } from '../../src/conformance/scenario.js';
import { advance, bytes, expect, expectDurable, expectGroup, expectPending, joinGroup, listGroups, oneOf, send, syncGroup } from '../../src/conformance/scenario.js';
import { emptiedGroup, preparingRebalance } from './setup.js';
import { heartbeatIntervalMs, heartbeatOf } from './sync-helpers.js';

/** A list compared as a set: every order of the items is accepted. */
export function anyOrder(items: readonly Pattern[]): Pattern {
  const perms = (xs: readonly Pattern[]): Pattern[][] =>
    xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
  return oneOf(...perms(items));
}

/** A listed group as a request of `version` shows it (LS-01, VER-11, VER-12). */
function listed(groupId: string, protocolType: string, state: string, version = 5): Pattern {
  return { groupId, protocolType, groupState: version >= 4 ? state : '', groupType: version >= 5 ? 'classic' : '' };
}

/**
 * Four groups, one per state: `g` PreparingRebalance (the `preparingRebalance` setup), `s`
 * Stable (one member `$s1`, joined with v3), `c` CompletingRebalance (one v3 member of protocol
 * type `connect` that has not sent SyncGroup) and `h` Empty (its only joiner got
 * MEMBER_ID_REQUIRED, so it has no protocol type).
 *
 * @remarks
 * `g` comes first because its setup is the longest. While `s` and `c` wait out their initial
 * delay, `g`'s m2 (which has not rejoined) heartbeats every {@link heartbeatIntervalMs}: in
 * PreparingRebalance it is told 27 but its session is re-armed (HB-03), so however long the
 * broker's delay, every state then lasts for most of a session and the lists that follow do not
 * race a timer on a real broker.
 */
function fourGroups(env: ScenarioEnv): Step[] {
  return [
    ...preparingRebalance(env, 'g'),
    send('sJoin', joinGroup({ groupId: 's', clientId: 'cs', version: 3 })),
    send('cJoin', joinGroup({ groupId: 'c', clientId: 'cc', version: 3, protocolType: 'connect' })),
    // Each is the only member of its initial rebalance: no extension (TM-11).
    ...keepingM2(env, env.delayMs + env.settleMs),
    expect('sJoin', { errorCode: 0, generationId: 1, leader: '$s1', memberId: '$s1' }),
    expect('cJoin', { errorCode: 0, generationId: 1 }),
    send('sSync', syncGroup({ groupId: 's', clientId: 'cs', generationId: 1, memberId: '$s1', assignments: [{ memberId: '$s1', assignment: bytes('s1') }] })),
    expect('sSync', { errorCode: 0 }),
    send('hFirst', joinGroup({ groupId: 'h', clientId: 'ch' })),
    expect('hFirst', { errorCode: 79 }),
  ];
}

/** Lets `ms` pass in rounds of at most a heartbeat interval, after each of which `g`'s m2 heartbeats (27, session re-armed). */
function keepingM2(env: ScenarioEnv, ms: number): Step[] {
  const rounds = Math.ceil(ms / heartbeatIntervalMs(env));
  return Array.from({ length: rounds }, (_, k): Step[] => {
    const waitMs = Math.round((ms * (k + 1)) / rounds) - Math.round((ms * k) / rounds);
    return [advance(waitMs), send(`gHb${k}`, heartbeatOf(2, 1)), expect(`gHb${k}`, { errorCode: 27 })];
  }).flat();
}

const S = (v = 5): Pattern => listed('s', 'consumer', 'Stable', v);
const C = (v = 5): Pattern => listed('c', 'connect', 'CompletingRebalance', v);
const P = (v = 5): Pattern => listed('g', 'consumer', 'PreparingRebalance', v);
const H = (v = 5): Pattern => listed('h', '', 'Empty', v);

/** Send a ListGroups under `label` and expect exactly `groups` (as a set) with NONE. */
function listExpect(label: string, fields: Parameters<typeof listGroups>[0], groups: readonly Pattern[]): Step[] {
  return [send(label, listGroups(fields)), expect(label, { errorCode: 0, groups: anyOrder(groups) })];
}

/** The ListGroups scenarios; `describe-list.ts` includes them in `describeListScenarios`. */
export const listScenarios: Scenario[] = [
  {
    name: 'ListGroups: no group -> NONE and an empty list at every version',
    rules: ['LS-01', 'VER-13'],
    steps: [0, 1, 2, 3, 4, 5].flatMap((v) => listExpect(`l${v}`, { version: v }, [])),
  },
  {
    name: 'ListGroups: v0 to v5 -> every group with its protocol type, the state from v4, the type "classic" from v5',
    rules: ['LS-01', 'LS-02', 'VER-11', 'VER-12', 'VER-13'],
    steps: (env) => [...fourGroups(env), ...[0, 1, 2, 3, 4, 5].flatMap((v) => listExpect(`l${v}`, { version: v }, [S(v), C(v), P(v), H(v)]))],
  },
  {
    name: 'ListGroups: an emptied group -> listed as Empty with the protocol type of its last members',
    rules: ['LS-01'],
    steps: (env) => [...emptiedGroup(env), ...listExpect('l', {}, [listed('g', 'consumer', 'Empty')])],
  },
  {
    name: 'ListGroups: states filter -> state names in any case, trimmed; strings naming no state match nothing',
    rules: ['LS-03', 'VER-11'],
    steps: (env) => [
      ...fourGroups(env),
      ...listExpect('stable', { version: 4, statesFilter: ['Stable'] }, [S(4)]),
      ...listExpect('two', { version: 4, statesFilter: ['STABLE', 'empty'] }, [S(4), H(4)]),
      ...listExpect('trimmed', { version: 4, statesFilter: [' preparingRebalance\t'] }, [P(4)]),
      ...listExpect('completing', { version: 4, statesFilter: ['completingrebalance'] }, [C(4)]),
      ...listExpect('twice', { version: 4, statesFilter: ['stable', 'Stable'] }, [S(4)]),
      ...listExpect('dead', { version: 4, statesFilter: ['Dead'] }, []),
      ...listExpect('bogus', { version: 4, statesFilter: ['rebalancing', 'unknown', ''] }, []),
      ...listExpect('mixed', { version: 5, statesFilter: ['Empty', 'bogus'] }, [H()]),
      ...listExpect('none', { version: 4, statesFilter: [] }, [S(4), C(4), P(4), H(4)]),
    ],
  },
  {
    name: 'ListGroups: types filter -> "classic" in any case lists every group; other types and untrimmed strings match nothing',
    rules: ['LS-04', 'VER-12'],
    steps: (env) => [
      ...fourGroups(env),
      ...listExpect('classic', { typesFilter: ['classic'] }, [S(), C(), P(), H()]),
      ...listExpect('upper', { typesFilter: ['CLASSIC'] }, [S(), C(), P(), H()]),
      ...listExpect('consumer', { typesFilter: ['consumer'] }, []),
      ...listExpect('others', { typesFilter: ['share', 'unknown', 'bogus'] }, []),
      ...listExpect('spaced', { typesFilter: [' classic'] }, []),
      ...listExpect('mixed', { typesFilter: ['consumer', 'Classic'] }, [S(), C(), P(), H()]),
      ...listExpect('none', { typesFilter: [] }, [S(), C(), P(), H()]),
    ],
  },
  {
    name: 'ListGroups: both filters -> a group is listed only when it passes both',
    rules: ['LS-05', 'LS-03', 'LS-04'],
    steps: (env) => [
      ...fourGroups(env),
      ...listExpect('both', { statesFilter: ['stable', 'empty'], typesFilter: ['classic'] }, [S(), H()]),
      ...listExpect('typeFails', { statesFilter: ['stable'], typesFilter: ['consumer'] }, []),
      ...listExpect('stateFails', { statesFilter: ['bogus'], typesFilter: ['classic'] }, []),
    ],
  },
  {
    name: 'ListGroups: listing changes nothing and sees each state change',
    rules: ['LS-06', 'LS-01'],
    steps: (env) => [
      ...preparingRebalance(env),
      ...listExpect('l1', {}, [listed('g', 'consumer', 'PreparingRebalance')]),
      expectPending('rejoin1'),
      expectGroup('g', { state: 'PreparingRebalance', generationId: 1, leader: '$m1', members: ['$m1', '$m2'] }),
      expectDurable('g', [{ generation: 0 }, { generation: 1 }]),
      send('rejoin2', joinGroup({ clientId: 'c2', memberId: '$m2' })),
      expect('rejoin1', { errorCode: 0, generationId: 2 }),
      ...listExpect('l2', { statesFilter: ['completingrebalance'] }, [listed('g', 'consumer', 'CompletingRebalance')]),
    ],
  },
];
