/**
 * What the client-obligation monitor takes in (the exchanges a server sees) and gives out
 * (violations, reads it could not judge, a summary per member), and the rule table.
 *
 * @see spec/client-obligations.md
 * @packageDocumentation
 */
import type { KafkaRequest, KafkaResponse } from '../../protocol/messages/index.js';

/**
 * One decoded request as it reaches the server (no `response`), or the answer the server sends
 * to it (with `response`; the request is repeated so that the answer can be read alone).
 *
 * @remarks
 * Feed both, in the order the server sees them (times never go backwards). A request that is
 * never answered (Produce with acks=0) is fed once, without a response.
 */
export interface ObservedExchange {
  /** When the server decoded the request, or sent the answer. */
  readonly atMs: number;
  /** The connection it came on; requests on one connection arrive in the order they were sent. */
  readonly connectionId: string | number;
  /** The request header's client id (null when the client sent none). */
  readonly clientId: string | null;
  readonly request: KafkaRequest;
  readonly response?: KafkaResponse;
}

/** MUST: a protocol violation; SHOULD: at-least-once or liveness advice. */
export type Severity = 'MUST' | 'SHOULD';

/** The obligations the monitor checks, by rule id (spec/client-obligations.md). */
export const OBLIGATIONS = {
  'CO-01': { severity: 'MUST', title: 'The member id it was given' },
  'CO-02': { severity: 'MUST', title: 'SyncGroup only for a generation it joined' },
  'CO-03': { severity: 'MUST', title: 'The leader assigns to members of the generation' },
  'CO-04': { severity: 'MUST', title: 'No partition to two members' },
  'CO-05': { severity: 'MUST', title: 'Only subscribed topics' },
  'CO-06': { severity: 'MUST', title: 'Only partitions that exist' },
  'CO-07': { severity: 'SHOULD', title: 'Every subscribed partition is assigned' },
  'CO-08': { severity: 'MUST', title: 'Eager members fetch nothing while rebalancing' },
  'CO-09': { severity: 'MUST', title: 'Fetch only what was assigned' },
  'CO-10': { severity: 'MUST', title: 'Cooperative members stop reading revoked partitions' },
  'CO-11': { severity: 'MUST', title: 'Never read a partition assigned elsewhere' },
  'CO-12': { severity: 'MUST', title: 'Commits carry the current generation' },
  'CO-13': { severity: 'SHOULD', title: 'Commit only owned partitions' },
  'CO-14': { severity: 'SHOULD', title: 'Commit before giving a partition up' },
  'CO-15': { severity: 'MUST', title: 'Nothing after LeaveGroup' },
  'CO-16': { severity: 'SHOULD', title: 'Heartbeats within the session timeout' },
  'CO-17': { severity: 'MUST', title: 'Rediscover after NOT_COORDINATOR' },
  'CO-18': { severity: 'MUST', title: 'Rejoin after REBALANCE_IN_PROGRESS' },
  'CO-19': { severity: 'MUST', title: 'Rejoin after ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID' },
  'CO-20': { severity: 'MUST', title: 'Owned partitions told truthfully' },
  'CO-21': { severity: 'MUST', title: 'Valid ConsumerProtocol bytes' },
  'CO-27': { severity: 'SHOULD', title: 'KIP-848 heartbeats within the interval' },
  'CO-28': { severity: 'MUST', title: 'Rejoin with epoch 0 after fencing' },
  'CO-29': { severity: 'MUST', title: 'Leave with epoch -1 or -2' },
} as const satisfies Record<string, { readonly severity: Severity; readonly title: string }>;

/** The id of an obligation. */
export type ObligationId = keyof typeof OBLIGATIONS;

/** One exchange a violation rests on. */
export interface Evidence {
  readonly atMs: number;
  readonly connectionId: string;
  readonly clientId: string | null;
  /** The request arriving, or the answer leaving. */
  readonly kind: 'request' | 'response';
  readonly api: string;
  /** The fields that matter, in one line. */
  readonly summary: string;
}

/** A broken obligation. */
export interface Violation {
  readonly rule: ObligationId;
  readonly severity: Severity;
  readonly groupId: string;
  readonly memberId: string;
  readonly clientId: string | null;
  /** When the exchange that broke it was seen. */
  readonly atMs: number;
  /** The generation the member was in (its last joined), or -1. */
  readonly generationId: number;
  readonly message: string;
  /** The exchanges involved, oldest first; the last one broke the rule. */
  readonly evidence: readonly Evidence[];
  /** How many times the same rule was broken the same way (same member, generation, partition). */
  readonly occurrences: number;
}

/** A check the monitor could not make (CO-22). */
export interface Unchecked {
  readonly rules: readonly ObligationId[];
  readonly clientId: string;
  readonly memberIds: readonly string[];
  readonly atMs: number;
  readonly message: string;
}

/** What the monitor knows of one member at the end. */
export interface MemberSummary {
  readonly groupId: string;
  readonly memberId: string;
  readonly clientId: string | null;
  /** The generations it joined, in order. */
  readonly generations: readonly number[];
  /** `active`, `left` (LeaveGroup), `expelled` (a generation formed without it), `unknown` (UNKNOWN_MEMBER_ID). */
  readonly status: MemberStatus;
  /** Violations per rule (repeats counted). */
  readonly violations: Readonly<Partial<Record<ObligationId, number>>>;
}

/** Where a member stands as far as the monitor knows. */
export type MemberStatus = 'active' | 'left' | 'expelled' | 'unknown';

/** Options of the monitor. */
export interface MonitorOptions {
  /** CO-23: how long after an answer (or another connection's request) a request is not judged against it (100). */
  readonly graceMs?: number;
  /** Protocol names whose generations are cooperative (KIP-429): `['cooperative-sticky']`. */
  readonly cooperativeProtocols?: readonly string[];
  /** Called with each violation as it is found (its first occurrence). */
  readonly onViolation?: (violation: Violation) => void;
  /** Called with each check that could not be made. */
  readonly onUnchecked?: (unchecked: Unchecked) => void;
}
