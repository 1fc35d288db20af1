/**
 * The rule IDs the consumer-group statecharts cite, in one place: each transition's
 * `meta.rules` is built from its case and its target through this table.
 *
 * @remarks
 * The rules are spec/consumer-group.md (CG-) and spec/consumer-group-reconciliation.md (CGR-).
 * @packageDocumentation
 */
import type { CgCase } from './consumer-group.types.js';

/** What a transition can demonstrate; each names the rules that say it. */
export const CG_RULES = {
  /** Epoch 0 joins with a new member id; the group epoch goes up; a new target is computed. */
  join: ['CG-?join'],
  /** A changed subscription bumps the group epoch and the target is recomputed. */
  subscribe: ['CG-?subscribe'],
  /** Epoch -1 removes the member, frees its partitions and bumps the group epoch. */
  leave: ['CG-?leave'],
  /** A heartbeat from an id the group does not know: UNKNOWN_MEMBER_ID. */
  unknownMember: ['CG-?unknown'],
  /** An epoch above the member's: FENCED_MEMBER_EPOCH, nothing changes. */
  futureEpoch: ['CG-?fenced'],
  /** The previous epoch with owned ⊆ assigned is accepted (lost response). */
  previousEpoch: ['CG-?lost'],
  /** The session timeout removes the member. */
  sessionExpired: ['CG-?session'],
  /** The rebalance timeout removes a member still revoking at the same epoch. */
  rebalanceExpired: ['CG-?rebalance'],
  /** The answer carries the assignment on a full request or when it changed. */
  answer: ['CG-?answer'],
  /** The group state is derived from members and epochs. */
  groupState: ['CG-?state'],
  /** The member moves toward its target: keep, revoke, then assign. */
  reconcile: ['CGR-?next'],
  /** Partitions to revoke are revoked before anything is assigned (UNREVOKED_PARTITIONS). */
  revoke: ['CGR-?revoke'],
  /** A partition held by another member is withheld until released (UNRELEASED_PARTITIONS). */
  unreleased: ['CGR-?unreleased'],
  /** The member leaves UNREVOKED_PARTITIONS once it stops reporting the revoked partitions. */
  acknowledge: ['CGR-?ack'],
} as const satisfies Record<string, readonly string[]>;

/** A key of {@link CG_RULES}. */
export type CgRuleKey = keyof typeof CG_RULES;

/** The rule keys a case cites whatever its target. */
export const CASE_RULES: Readonly<Record<CgCase | 'peer', readonly CgRuleKey[]>> = {
  join: ['join', 'answer', 'reconcile'],
  heartbeat: ['reconcile', 'answer'],
  stillRevoking: ['revoke'],
  subscribe: ['subscribe', 'reconcile'],
  previousEpoch: ['previousEpoch', 'reconcile'],
  futureEpoch: ['futureEpoch'],
  leave: ['leave'],
  unknownMember: ['unknownMember'],
  sessionExpired: ['sessionExpired'],
  rebalanceExpired: ['rebalanceExpired', 'revoke'],
  peer: ['unreleased'],
};

/** The rule IDs of a transition from its case and the rule keys its states add. */
export function rulesOf(kase: CgCase | 'peer', extra: readonly CgRuleKey[] = []): string[] {
  const keys = [...CASE_RULES[kase], ...extra];
  return [...new Set(keys.flatMap((k) => CG_RULES[k]))];
}
