/**
 * The member statechart as an oracle for a real `KafkaConsumer`: every entry of the consumer's
 * trace is mapped to the statechart's event, the statechart is stepped with XState's pure
 * `transition`, and the consumer must agree with it after every step.
 *
 * @remarks
 * The mapping (trace entry → member event):
 *
 * | consumer | member event |
 * | --- | --- |
 * | `poll()` (before what the poll sends) | `poll` (only where the statechart takes it; elsewhere the consumer must not move) |
 * | `close()` | `close` |
 * | FindCoordinator answered NONE | `coordinator.found` |
 * | Heartbeat request | `timer.heartbeat` (the heartbeat interval elapsed) |
 * | answer to the current JoinGroup, SyncGroup, LeaveGroup (by correlation id) | `response.joinGroup` / `response.syncGroup` (with the decoded assignment) / `response.leaveGroup` |
 * | Heartbeat or OffsetCommit answer from the current coordinator | `response.heartbeat` / `response.offsetCommit` (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION and FENCED_INSTANCE_ID only for the generation the member still holds) |
 * | network error or timeout of a JoinGroup, SyncGroup, Heartbeat or OffsetCommit | its answer with COORDINATOR_NOT_AVAILABLE (CL-31) |
 * | any answer or failure of the LeaveGroup sent on close | `response.leaveGroup` NONE (any answer ends the leave) |
 * | state move caused by `poll timeout` | `timer.pollTimeout` |
 * | session expiry on the client (no heartbeat answer for `session.timeout.ms`) | `response.heartbeat` COORDINATOR_NOT_AVAILABLE, as a *proxy* |
 * | OffsetFetch answered NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE or failed | the coordinator error of the state's own request, as a *proxy* |
 *
 * Proxy steps keep the statechart in step with the consumer but do not count as firing
 * their transition in the coverage: a transition counts only when the answer it names fired it.
 * After each entry the consumer's traced state must equal the statechart's; at the end of each
 * action (a poll, a close, a commit, a tick of virtual time) the consumer's `state`, what it
 * knows (`memberView()`: coordinator, member id, generation; after a poll in stable also
 * whether a rejoin is requested) and what it may read (`readablePartitions()`, a subset of the
 * statechart's `readablePartitions`; equal to it after a poll, or nothing while the member is out
 * of its session, CL-58) must agree with the statechart,
 * and a rejoin the consumer requests in stable must be one the statechart requested too.
 * Any disagreement throws {@link ModelMismatch}.
 */
import { getInitialSnapshot, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { readablePartitions, stepMember } from '../../machines/index.js';
import type { ClassicMemberMachine, MemberContext, MemberEvent, PartitionId } from '../../machines/index.js';
import type { ConsumerTraceEntry, KafkaConsumer, OffsetAndMetadata } from '../../src/client/index.js';
import { decodeAssignment } from '../../src/protocol/consumer-protocol/index.js';
import type { FindCoordinatorResponse } from '../../src/protocol/messages/find-coordinator.js';
import type { HeartbeatRequest, JoinGroupResponse, OffsetCommitRequest, OffsetCommitResponse, OffsetFetchResponse, SyncGroupResponse } from '../../src/protocol/messages/index.js';
import type { Coverage } from './coverage.js';
import { edgeKey } from './coverage.js';

/** The snapshot type of the member statechart. */
export type MemberSnapshot = SnapshotFrom<ClassicMemberMachine>;

/** The real consumer did something the member statechart does not allow. */
export class ModelMismatch extends Error {
  override readonly name = 'ModelMismatch';
}

/** One step of the statechart, with the trace entry it came from. */
export interface OracleStep {
  readonly atMs: number;
  readonly from: string;
  readonly event: MemberEvent;
  /** `source|case|target`. */
  readonly edge: string;
  /** What in the consumer's trace (or which call) caused it. */
  readonly cause: string;
  /** A stand-in event (see the module docs): not counted in the coverage. */
  readonly proxy: boolean;
}

const NONE = 0;
const COORDINATOR_NOT_AVAILABLE = 15;
const NOT_COORDINATOR = 16;
const GENERATION_ERRORS = new Set([22, 25, 82]);
const LIVENESS_CODES = new Set([0, 15, 16, 22, 25, 27, 82]);
const LIVE_STATES = new Set(['unjoined', 'discovering', 'preparingRebalance', 'completingRebalance', 'stable']);

type Entry = ConsumerTraceEntry;
type Answer = Extract<Entry, { type: 'response' | 'networkError' }>;

/** The symbolic partitions (`p<i>` of topic `topic`) of topic-partitions, in order. */
function symbolic(topic: string, tps: readonly { topic: string; partition: number }[]): PartitionId[] {
  return tps
    .filter((tp) => tp.topic === topic)
    .map((tp) => tp.partition)
    .sort((a, b) => a - b)
    .map((p): PartitionId => `p${p}`);
}

/** Follows one consumer with the member statechart. */
export class ConsumerOracle {
  snapshot: MemberSnapshot;
  readonly steps: OracleStep[] = [];
  private cursor = 0;
  private tracedState: string = 'unjoined';
  /** The node the member's coordinator is on, while the statechart says it is known. */
  private coordinatorNode: number | null = null;
  /** The generation and member id the member holds (what its heartbeats and commits carry). */
  private generation = { generationId: -1, memberId: '' };
  /** The correlation id of the latest request of each API. */
  private readonly latest = new Map<string, number>();
  /** Heartbeat and OffsetCommit requests by correlation id: the generation they carried. */
  private readonly carried = new Map<number, { generationId: number; memberId: string }>();

  constructor(
    readonly machine: ClassicMemberMachine,
    readonly consumer: KafkaConsumer,
    readonly topic: string,
    private readonly coverage: Coverage,
    private readonly nowMs: () => number,
  ) {
    this.snapshot = getInitialSnapshot(machine);
    coverage.reach(String(this.snapshot.value));
  }

  get context(): MemberContext {
    return this.snapshot.context;
  }

  get state(): string {
    return String(this.snapshot.value);
  }

  // ---- actions --------------------------------------------------------------------------------

  /** `consumer.poll(0)`: the statechart takes `poll` first; returns the error the poll raised, if any. */
  poll(): unknown {
    this.sync();
    if (stepMember(this.context, { type: 'poll' }) !== null) this.step({ type: 'poll' }, 'poll()', false);
    let error: unknown;
    try {
      this.consumer.poll(0);
    } catch (e) {
      error = e;
    }
    if (this.state === 'fatal' && error === undefined) throw new ModelMismatch('a poll of a fatal member did not raise its error');
    if (this.state !== 'fatal' && error !== undefined) throw error;
    this.sync({ afterPoll: true });
    return error;
  }

  /** `consumer.close()`. */
  close(): void {
    this.sync();
    if (stepMember(this.context, { type: 'close' }) !== null) this.step({ type: 'close' }, 'close()', false);
    this.consumer.close();
    this.sync();
  }

  /** `consumer.commitAsync(offsets)`: no event until its answer arrives. */
  commit(offsets: readonly OffsetAndMetadata[]): void {
    this.sync();
    this.consumer.commitAsync(offsets);
    this.sync();
  }

  /** Maps the trace entries added since the last call, then checks the consumer against the statechart. */
  sync(options: { afterPoll?: boolean } = {}): void {
    const trace = this.consumer.trace;
    while (this.cursor < trace.length) this.onEntry(trace[this.cursor++]!);
    this.checkAgreement(options.afterPoll === true);
  }

  // ---- the mapping ----------------------------------------------------------------------------

  private onEntry(e: Entry): void {
    switch (e.type) {
      case 'state':
        return this.onState(e);
      case 'request':
        return this.onRequest(e);
      default:
        this.expectState(`before ${describe(e)}`);
        return this.onAnswer(e);
    }
  }

  private onState(e: Extract<Entry, { type: 'state' }>): void {
    if (e.from === e.to) {
      // A rejoin request of a stable member: the answer that caused it must have requested it in the statechart too.
      if (this.state === 'stable' && !this.context.rejoinNeeded) throw new ModelMismatch(`the consumer requests a rejoin (${e.cause}) at ${e.atMs} ms; the statechart does not`);
      return;
    }
    if (e.from !== this.tracedState) throw new ModelMismatch(`trace: a move from ${e.from}, but the consumer was ${this.tracedState}`);
    if (e.cause === 'poll timeout') this.strict({ type: 'timer.pollTimeout' }, `state move (${e.cause})`, false);
    else if (e.cause.startsWith('session timed out')) this.strict({ type: 'response.heartbeat', errorCode: COORDINATOR_NOT_AVAILABLE }, `state move (${e.cause})`, true);
    this.tracedState = e.to;
    if (this.state !== e.to) throw new ModelMismatch(`the consumer moved ${e.from} -> ${e.to} (${e.cause}) at ${e.atMs} ms, but the statechart is ${this.state}`);
  }

  private onRequest(e: Extract<Entry, { type: 'request' }>): void {
    this.latest.set(e.api, e.correlationId);
    const allowed: Record<string, readonly string[]> = {
      JoinGroup: ['preparingRebalance'],
      SyncGroup: ['completingRebalance'],
      LeaveGroup: ['leaving', 'stable', 'completingRebalance'],
    };
    const states = allowed[e.api];
    if (states !== undefined && !states.includes(this.state)) throw new ModelMismatch(`the consumer sent ${e.api} at ${e.atMs} ms while the statechart is ${this.state}`);
    switch (e.api) {
      case 'Heartbeat': {
        const r = e.request as HeartbeatRequest;
        this.carried.set(e.correlationId, { generationId: r.generationId, memberId: r.memberId });
        return this.strict({ type: 'timer.heartbeat' }, describe(e), false);
      }
      case 'OffsetCommit': {
        const r = e.request as OffsetCommitRequest;
        this.carried.set(e.correlationId, { generationId: r.generationIdOrMemberEpoch, memberId: r.memberId });
        return;
      }
      case 'FindCoordinator':
        // The consumer forgot its coordinator without an answer saying so: its session expired (CL-31).
        if (this.context.coordinatorKnown && LIVE_STATES.has(this.state)) {
          if (this.state !== 'stable') throw new ModelMismatch(`the consumer looks for a coordinator at ${e.atMs} ms while the statechart (${this.state}) knows it`);
          this.strict({ type: 'response.heartbeat', errorCode: COORDINATOR_NOT_AVAILABLE }, `${describe(e)} (the session expired on the client)`, true);
        }
        return;
    }
  }

  private onAnswer(e: Answer): void {
    const current = this.latest.get(e.api) === e.correlationId;
    switch (e.api) {
      case 'FindCoordinator': {
        const found = e.type === 'response' ? (e.response as FindCoordinatorResponse).coordinators[0] : undefined;
        if (found === undefined || found.errorCode !== NONE || this.coordinatorNode !== null) return;
        this.coordinatorNode = found.nodeId;
        if (stepMember(this.context, { type: 'coordinator.found' }) !== null) this.step({ type: 'coordinator.found' }, describe(e), false);
        return;
      }
      case 'JoinGroup': {
        if (!current || this.state !== 'preparingRebalance') return;
        const r = e.type === 'response' ? (e.response as JoinGroupResponse) : undefined;
        if (r?.errorCode === NONE) this.generation = { generationId: r.generationId, memberId: r.memberId };
        if (r?.errorCode === 79) this.generation = { generationId: -1, memberId: r.memberId };
        const errorCode = (r?.errorCode ?? COORDINATOR_NOT_AVAILABLE) as Extract<MemberEvent, { type: 'response.joinGroup' }>['errorCode'];
        return this.strict({ type: 'response.joinGroup', errorCode }, describe(e), false);
      }
      case 'SyncGroup': {
        if (!current || this.state !== 'completingRebalance') return;
        const r = e.type === 'response' ? (e.response as SyncGroupResponse) : undefined;
        const errorCode = (r?.errorCode ?? COORDINATOR_NOT_AVAILABLE) as Extract<MemberEvent, { type: 'response.syncGroup' }>['errorCode'];
        const assigned = r?.errorCode === NONE && r.assignment.length > 0 ? symbolic(this.topic, decodeAssignment(r.assignment).partitions) : [];
        return this.strict({ type: 'response.syncGroup', errorCode, assigned }, describe(e), false);
      }
      case 'Heartbeat':
      case 'OffsetCommit':
        return this.onLivenessAnswer(e);
      case 'LeaveGroup':
        if (current && this.state === 'leaving') this.strict({ type: 'response.leaveGroup', errorCode: 0 }, describe(e), false);
        return;
      case 'OffsetFetch':
        return this.onOffsetFetchAnswer(e);
    }
  }

  /** Heartbeat and OffsetCommit answers, filtered as the consumer filters them (stale node, stale generation). */
  private onLivenessAnswer(e: Answer): void {
    if (!this.context.coordinatorKnown || e.nodeId !== this.coordinatorNode) return;
    let code: number;
    if (e.type === 'networkError') code = COORDINATOR_NOT_AVAILABLE;
    else if (e.api === 'Heartbeat') code = (e.response as { errorCode: number }).errorCode;
    else code = (e.response as OffsetCommitResponse).topics.flatMap((t) => t.partitions).find((p) => p.errorCode !== NONE)?.errorCode ?? NONE;
    if (!LIVENESS_CODES.has(code)) return;
    if (GENERATION_ERRORS.has(code)) {
      const sent = this.carried.get(e.correlationId);
      if (sent?.generationId !== this.generation.generationId || sent.memberId !== this.generation.memberId) return;
    }
    const event: MemberEvent =
      e.api === 'Heartbeat'
        ? { type: 'response.heartbeat', errorCode: code as Extract<MemberEvent, { type: 'response.heartbeat' }>['errorCode'] }
        : { type: 'response.offsetCommit', errorCode: code as Extract<MemberEvent, { type: 'response.offsetCommit' }>['errorCode'] };
    const takes = this.state === 'stable' || (this.state === 'completingRebalance' && e.api === 'Heartbeat');
    if (takes) this.strict(event, describe(e), false);
  }

  /** An OffsetFetch that finds the coordinator gone makes it unknown too (CL-28 with CL-09). */
  private onOffsetFetchAnswer(e: Answer): void {
    if (!this.context.coordinatorKnown || e.nodeId !== this.coordinatorNode) return;
    const code = e.type === 'networkError' ? COORDINATOR_NOT_AVAILABLE : ((e.response as OffsetFetchResponse).groups[0]?.errorCode ?? NONE);
    if (code !== NOT_COORDINATOR && code !== COORDINATOR_NOT_AVAILABLE) return;
    const proxies: Record<string, MemberEvent> = {
      stable: { type: 'response.offsetCommit', errorCode: NOT_COORDINATOR },
      completingRebalance: { type: 'response.heartbeat', errorCode: NOT_COORDINATOR },
      preparingRebalance: { type: 'response.joinGroup', errorCode: NOT_COORDINATOR },
    };
    const proxy = proxies[this.state];
    if (proxy !== undefined) this.strict(proxy, `${describe(e)} (OffsetFetch: the coordinator is gone)`, true);
  }

  // ---- stepping and checking -----------------------------------------------------------------

  /** Steps an event the statechart must accept. */
  private strict(event: MemberEvent, cause: string, proxy: boolean): void {
    if (stepMember(this.context, event) === null) {
      throw new ModelMismatch(`${cause}: the statechart (${this.state}) does not accept ${JSON.stringify(event)}`);
    }
    this.step(event, cause, proxy);
  }

  private step(event: MemberEvent, cause: string, proxy: boolean): void {
    const before = this.snapshot;
    const step = stepMember(before.context, event);
    if (step === null) throw new Error(`internal: ${event.type} not accepted`);
    const [next] = transition(this.machine, before, event);
    if (String(next.value) !== step.state) throw new Error(`internal: transition() went to ${String(next.value)}, stepMember to ${step.state}`);
    this.snapshot = next;
    const from = String(before.value);
    const edge = edgeKey(from, step.case, step.state);
    this.steps.push({ atMs: this.nowMs(), from, event, edge, cause, proxy });
    const c = next.context;
    if (!c.coordinatorKnown) this.coordinatorNode = null;
    if (!c.hasGeneration) this.generation = { ...this.generation, generationId: -1 };
    if (!c.hasMemberId) this.generation = { generationId: -1, memberId: '' };
    if (proxy) return;
    const def = this.coverage.edges.find((x) => x.key === edge);
    if (def === undefined) throw new Error(`internal: no edge ${edge}`);
    this.coverage.fire(def.transition);
    this.coverage.reach(step.state);
  }

  private expectState(where: string): void {
    if (this.tracedState !== this.state) throw new ModelMismatch(`${where}: the consumer is ${this.tracedState}, the statechart ${this.state}`);
  }

  /** The consumer agrees with the statechart: state, what it knows, what it may read. */
  private checkAgreement(afterPoll: boolean): void {
    const c = this.consumer;
    this.expectState('after the last trace entry');
    if (c.state !== this.state) throw new ModelMismatch(`the consumer is ${c.state}, the statechart ${this.state}`);
    const view = c.memberView();
    const ctx = this.context;
    if (LIVE_STATES.has(this.state)) {
      const known = { coordinatorKnown: view.coordinator !== null, hasMemberId: view.memberId !== '', hasGeneration: view.generationId !== -1 };
      const model = { coordinatorKnown: ctx.coordinatorKnown, hasMemberId: ctx.hasMemberId, hasGeneration: ctx.hasGeneration };
      if (JSON.stringify(known) !== JSON.stringify(model)) throw new ModelMismatch(`in ${this.state} the consumer knows ${JSON.stringify(known)}, the statechart ${JSON.stringify(model)}`);
    }
    if (afterPoll && this.state === 'stable' && view.rejoinNeeded !== ctx.rejoinNeeded) {
      throw new ModelMismatch(`after a poll in stable the consumer's rejoinNeeded is ${view.rejoinNeeded}, the statechart's ${ctx.rejoinNeeded}`);
    }
    const reads = symbolic(this.topic, c.readablePartitions());
    const allowed = readablePartitions(this.snapshot);
    const stray = reads.filter((p) => !allowed.includes(p));
    if (stray.length > 0) throw new ModelMismatch(`in ${this.state} the consumer reads ${reads.join(',')}; the statechart allows ${allowed.join(',') || 'nothing'}`);
    // CL-58: a member out of its session reads nothing, a timing refinement the statechart leaves out.
    const expected = view.outOfSession ? [] : allowed;
    if (afterPoll && reads.join() !== expected.join()) throw new ModelMismatch(`after a poll in ${this.state} the consumer reads ${reads.join(',') || 'nothing'}; the statechart says ${expected.join(',') || 'nothing'}${view.outOfSession ? ' (out of its session, CL-58)' : ''}`);
  }

  /** The last steps, for failure messages. */
  describeSteps(last = 25): string {
    return this.steps
      .slice(-last)
      .map((s) => `  ${String(s.atMs).padStart(6)} ms  ${s.edge}${s.proxy ? ' (proxy)' : ''}  <- ${s.cause}`)
      .join('\n');
  }
}

/** A trace entry in a few words. */
function describe(e: Entry): string {
  switch (e.type) {
    case 'request':
      return `${e.api} request #${e.correlationId} to ${e.nodeId} at ${e.atMs} ms`;
    case 'response': {
      const r = e.response as { errorCode?: number };
      return `${e.api} answer #${e.correlationId} from ${e.nodeId} (${r.errorCode ?? '-'}) at ${e.atMs} ms`;
    }
    case 'networkError':
      return `${e.api} #${e.correlationId} to ${e.nodeId} failed (${e.reason}) at ${e.atMs} ms`;
    case 'state':
      return `state ${e.from} -> ${e.to} (${e.cause}) at ${e.atMs} ms`;
  }
}
