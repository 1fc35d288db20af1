/**
 * What a classic member knows of its session at the coordinator (CL-58): when it last had proof
 * that the coordinator still counted it as a member, and so whether the coordinator may have
 * expired it since.
 *
 * @remarks
 * Kafka's Java consumer only makes its coordinator unknown when a session passes without a
 * heartbeat answer, and keeps fetching until an error answer resets it. When an answer is lost,
 * the coordinator may meanwhile have expired the member and given its partitions to another, so
 * this member stops reading once a session has passed since its last proof (CL-58).
 * @see spec/consumer-member.md CL-58
 * @packageDocumentation
 */

/** The member's proof of membership, in the coordinator's terms (TM-03, OC-09). */
export class SessionProof {
  /**
   * When the member sent the last request whose answer showed that the coordinator counted it
   * as a member and restarted its session. The coordinator acted on it no earlier, so its
   * session of the member runs at least `session.timeout.ms` past this.
   */
  private provenAtMs = 0;
  /**
   * A JoinGroup of the member went unanswered since its last JoinGroup answered NONE, so the
   * coordinator may have completed a generation with it without telling it; a later JoinGroup
   * may then be answered at once with that generation, which restarts no session.
   */
  private joinAbandoned = false;

  constructor(private readonly sessionTimeoutMs: number) {}

  /**
   * A Heartbeat answered NONE or REBALANCE_IN_PROGRESS (HB-03, HB-04) or an OffsetCommit accepted
   * for a generation (OC-09), sent at `sentAtMs`. A SyncGroup answer proves nothing: in a Stable
   * group it restarts no session.
   */
  proven(sentAtMs: number): void {
    this.provenAtMs = Math.max(this.provenAtMs, sentAtMs);
  }

  /**
   * Whether `session.timeout.ms` has passed at `nowMs` since the last proof, so that the
   * coordinator may have expired the member and given its partitions to another: the member then
   * reads nothing until an answer proves it is still a member (or reveals that it is not, and it
   * loses its partitions: CL-15).
   */
  lapsed(nowMs: number): boolean {
    return nowMs - this.provenAtMs >= this.sessionTimeoutMs;
  }

  /** A JoinGroup in flight was given up (timeout, network error, coordinator unknown, reset). */
  joinUnanswered(): void {
    this.joinAbandoned = true;
  }

  /**
   * A JoinGroup sent at `sentAtMs` with generation `sentGeneration` was answered NONE with
   * `generation`. It proves the membership when it is the answer of a completed join phase, which
   * restarted every member's session after the request was sent (TM-03): a new generation, and
   * no JoinGroup unanswered since the last one (else the answer may be one given at once).
   */
  joinAnswered(sentAtMs: number, sentGeneration: number, generation: number): void {
    if (!this.joinAbandoned && generation !== sentGeneration) this.proven(sentAtMs);
    this.joinAbandoned = false;
  }
}
