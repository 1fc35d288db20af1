/**
 * The rule IDs the consumer-group statecharts cite, in one place: each transition's
 * `meta.rules` is built from its case and its target through this table.
 *
 * @remarks
 * The rules are spec/consumer-group.md (CG-) and spec/consumer-group-reconciliation.md (CGR-),
 * and for DeleteGroups spec/consumer-group-admin.md (CGO-).
 * @packageDocumentation
 */
import type { CgCase } from './consumer-group.types.js';

/** What a transition can demonstrate; each names the rules that say it. */
export const CG_RULES = {
  /** Epoch 0 joins with a new member id; the group epoch goes up; a new target is computed. */
  join: ['CG-06', 'CG-23', 'CG-25'],
  /** A changed subscription bumps the group epoch and the target is recomputed. */
  subscribe: ['CG-23', 'CG-25'],
  /** Epoch -1 removes the member, frees its partitions and bumps the group epoch. */
  leave: ['CG-13'],
  /** A heartbeat from an id the group does not know: UNKNOWN_MEMBER_ID. */
  unknownMember: ['CG-09'],
  /** An epoch above the member's: FENCED_MEMBER_EPOCH, nothing changes. */
  futureEpoch: ['CG-11'],
  /** The previous epoch with owned ⊆ assigned is accepted (lost response). */
  previousEpoch: ['CG-12'],
  /** The session timeout removes the member. */
  sessionExpired: ['CG-33', 'CG-13'],
  /** The rebalance timeout removes a member still revoking at the same epoch. */
  rebalanceExpired: ['CG-34', 'CG-13'],
  /** The answer carries the assignment on a full request or when it changed. */
  answer: ['CG-17'],
  /** The group state is derived from members and epochs. */
  groupState: ['CG-28'],
  /** The member moves toward its target: keep, revoke, then assign. */
  reconcile: ['CGR-01', 'CGR-02', 'CGR-05'],
  /** Partitions to revoke are revoked before anything is assigned (UNREVOKED_PARTITIONS). */
  revoke: ['CGR-03'],
  /** A partition held by another member is withheld until released (UNRELEASED_PARTITIONS). */
  unreleased: ['CGR-06', 'CGR-07'],
  /** DeleteGroups deletes only an Empty consumer group; a later join creates a new one. */
  deleteGroup: ['CGO-16', 'CGO-17', 'CG-07'],
  /** A member's reconciliation steps only in its own heartbeats: what others do never moves it. */
  ownSteps: ['CGR-01'],
  /** The member leaves UNREVOKED_PARTITIONS once it stops reporting the revoked partitions. */
  acknowledge: ['CGR-04'],
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
  deleteGroup: ['deleteGroup'],
  deleteNonEmpty: ['deleteGroup'],
  peer: ['ownSteps'],
};

/** The rule IDs of a transition from its case and the rule keys its states add. */
export function rulesOf(kase: CgCase | 'peer', extra: readonly CgRuleKey[] = []): string[] {
  const keys = [...CASE_RULES[kase], ...extra];
  return [...new Set(keys.flatMap((k) => CG_RULES[k]))];
}
