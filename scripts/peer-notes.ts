/**
 * Explanations of peers' divergences for scripts/peer-report.ts: which rule a failure breaks,
 * what the peer does and what Kafka does. Written by hand after reading a run's failures.
 * @packageDocumentation
 */

/** One explanation, matched against a failure's scenario name, step, expected and actual text. */
export interface PeerNote {
  readonly match: RegExp;
  readonly rule: string;
  readonly text: string;
}

/** Notes by peer key (`--notes`); `<key>:summary` holds one note whose text opens the report. */
export const PEER_NOTES: Readonly<Record<string, readonly PeerNote[]>> = {};
