/**
 * Issue 14 part 5: one script every real client runs against the wire server with the
 * client-obligation monitor on the server's taps (what `kgspec serve --check-clients` does), so
 * that each client's kept and broken obligations can be compared. The phases: a clean group of
 * three reads a batch exactly once; a fourth member joins; one leaves (LeaveGroup); one is
 * SIGKILLed (its session expires); a live member is expelled (the server's `expel`, as if its
 * session had expired, so its next request gets UNKNOWN_MEMBER_ID and it must rejoin: CO-19, which
 * nothing else exercises); the broker coordinating the group crashes and restarts;
 * partitions are added to the subscribed topic. Each violation is attributed to the phase in
 * which the monitor found it. A second script puts two members of one group on different topics.
 *
 * @remarks
 * Nothing here throws on a client's misbehaviour: a phase that times out is recorded with its
 * reason and ends the run, so that the measurement of a weak client is still written down. The
 * tests decide what to assert.
 */
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { clientCheck, formatViolation } from '../../src/cli/client-check.js';
import { OBLIGATIONS, type ClientObligationMonitor, type ObligationId, type Violation } from '../../src/conformance/client-obligations/index.js';
import { startKafka, type Exchange, type RunningKafka } from '../../src/wire/server/index.js';
import { Member, until, type MemberCommand } from './group-harness.js';
import { exercisedRules, newTraffic, observeTraffic, type Traffic } from './measure-traffic.js';

/** The phases of the shared script, in order. */
export const PHASES = ['clean', 'join', 'leave', 'kill', 'expel', 'coordinator-crash', 'add-partitions'] as const;

/** A phase of the shared script, or `mixed` (the different-subscriptions script). */
export type PhaseName = (typeof PHASES)[number] | 'mixed';

/** One violation as the measurement records it: the monitor's, flattened, times from the server's start. */
export interface MeasuredViolation {
  readonly rule: ObligationId;
  readonly severity: 'MUST' | 'SHOULD';
  readonly memberId: string;
  readonly clientId: string | null;
  readonly generationId: number;
  /** Seconds since the server started. */
  readonly atS: number;
  readonly message: string;
  readonly occurrences: number;
  /** `formatViolation`'s lines: the headline, then one exchange a line. */
  readonly lines: readonly string[];
}

/**
 * An obligation's verdict: `broken` (a violation), `held` (exercised, no violation),
 * `not exercised` (the traffic it is about never happened), `not judged` (the monitor could not
 * check it: the member's subscription does not decode, CO-21).
 */
export type Verdict = 'held' | 'broken' | 'not exercised' | 'not judged';

/** The rules that need a member's decoded subscription. */
const SUBSCRIPTION_RULES: readonly ObligationId[] = ['CO-05', 'CO-07', 'CO-20'];

/** What one phase did. */
export interface PhaseResult {
  readonly phase: PhaseName;
  readonly seconds: number;
  /** `ok`, or why the phase stopped (a timeout with what was awaited). */
  readonly outcome: string;
  /** Records produced in the phase, how many distinct ones were read, and how many reads were repeats. */
  readonly records: { readonly produced: number; readonly read: number; readonly repeats: number };
  readonly violations: readonly MeasuredViolation[];
  /** When the phase failed: each member's assignment, reads and last output. */
  readonly detail?: string;
}

/** The result of one client's run. */
export interface ClientMeasurement {
  readonly client: string;
  readonly phases: readonly PhaseResult[];
  /** Per obligation over the whole run. */
  readonly obligations: Readonly<Record<ObligationId, Verdict>>;
  readonly traffic: Traffic;
  /** The monitor's line per member (`memberLines`) and its unchecked reads. */
  readonly members: readonly string[];
  readonly unchecked: readonly string[];
}

/** Options of {@link measureClient} and {@link measureMixed}. */
export interface MeasureOptions {
  readonly client: string;
  readonly member: MemberCommand;
  /** How long a phase may wait for a split or for its records (20 s). */
  readonly phaseTimeoutMs?: number;
  /** Pause after a split before producing (a client whose old fetch stays in flight needs it). */
  readonly settleMs?: number;
}

const PARTITIONS = 6;
const RECORDS = 24;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The server, monitor, producer and members of one run, and how phases are recorded. */
class Run {
  readonly members: Member[] = [];
  readonly results: PhaseResult[] = [];
  readonly traffic = newTraffic();
  /** The phase each violation was found in, in the monitor's order (its callback gets a copy). */
  private readonly phaseOf: PhaseName[] = [];
  private current: PhaseName = 'clean';
  readonly check = clientCheck({ onViolation: () => this.phaseOf.push(this.current) });
  server!: RunningKafka;
  producer!: Producer;
  originMs = 0;
  failed = false;

  constructor(readonly o: MeasureOptions) {}

  async start(partitions: number): Promise<void> {
    const tap = (e: Exchange): void => {
      observeTraffic(this.traffic, e);
      this.check.tap(e);
    };
    this.server = await startKafka({
      brokers: 3,
      // Data topics on every broker, so that a crash moves leaders instead of taking partitions offline.
      config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000, 'num.partitions': partitions, 'offsets.topic.num.partitions': 5, 'default.replication.factor': 3 },
      tap,
      tapArrival: this.check.tapArrival,
    });
    this.originMs = this.server.kafka.loop.nowMs();
    this.producer = new Kafka({ clientId: 'producer', brokers: this.server.brokers, logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 100 } }).producer({ metadataMaxAge: 300 });
    await this.producer.connect();
  }

  add(name: string, topic: string, groupId: string): Member {
    const m = new Member(name, this.o.member(this.server.bootstrap, groupId, topic, name));
    this.members.push(m);
    return m;
  }

  live(): Member[] {
    return this.members.filter((m) => !m.exited);
  }

  detail(): string {
    return this.members.map((m) => `--- ${m.name} (assigned ${m.assigned?.join(',')}, consumed ${m.consumed.length})\n${m.output.slice(-2000)}`).join('\n');
  }

  /** Produces `RECORDS` values `<phase>-<i>` to `topic` over `partitions`; returns them. */
  async produce(topic: string, phase: string, partitions: number): Promise<string[]> {
    const values = Array.from({ length: RECORDS }, (_, i) => `${phase}-${i}`);
    await this.producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value, partition: i % partitions })) });
    return values;
  }

  /** Runs one phase; its first failure is recorded as the outcome and ends the run. */
  async phase(name: PhaseName, body: (record: (values: string[]) => void) => Promise<void>): Promise<void> {
    if (this.failed) return;
    this.current = name;
    const start = Date.now();
    let values: string[] = [];
    let outcome = 'ok';
    let detail: string | undefined;
    try {
      await body((v) => (values = v));
    } catch (e) {
      [outcome, detail] = [(e as Error).message.split('\n')[0]!, this.detail()];
      this.failed = true;
    }
    const reads = this.members.flatMap((m) => m.consumed.map((c) => c.value)).filter((v) => values.includes(v));
    const records = { produced: values.length, read: new Set(reads).size, repeats: reads.length - new Set(reads).size };
    this.results.push({ phase: name, seconds: (Date.now() - start) / 1000, outcome, records, violations: [], ...(detail === undefined ? {} : { detail }) });
  }

  /** Waits until every value of `values` was read by some member. */
  async awaitRead(what: string, values: readonly string[], timeoutMs = this.timeout): Promise<void> {
    const w = new Set(values);
    await until(what, () => new Set(this.members.flatMap((m) => m.consumed.map((c) => c.value)).filter((v) => w.has(v))).size === w.size, timeoutMs, () => this.detail());
  }

  /** Waits until the live members' latest assignments are disjoint and cover `partitions`. */
  async awaitSplit(partitions: number, timeoutMs = this.timeout): Promise<void> {
    const split = (): boolean => {
      const owned = this.live().flatMap((m) => m.assigned ?? [-1]);
      return this.live().every((m) => (m.assigned?.length ?? 0) > 0) && owned.length === partitions && new Set(owned).size === partitions;
    };
    await until(`the ${this.live().length} live members to split ${partitions} partitions`, split, timeoutMs, () => this.detail());
    await sleep(this.o.settleMs ?? 0);
  }

  get timeout(): number {
    return this.o.phaseTimeoutMs ?? 20_000;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.stop('SIGKILL')));
    await this.producer?.disconnect().catch(() => undefined);
    await this.server?.close();
  }

  /** The measurement: violations attributed to their phases, the verdict per obligation. */
  result(): ClientMeasurement {
    const measured = (v: Violation): MeasuredViolation => ({
      rule: v.rule, severity: v.severity, memberId: v.memberId, clientId: v.clientId, generationId: v.generationId,
      atS: Number(((v.atMs - this.originMs) / 1000).toFixed(3)), message: v.message, occurrences: v.occurrences, lines: formatViolation(v, this.originMs),
    });
    const phases = this.results.map((p) => ({ ...p, violations: this.check.monitor.violations.filter((_, i) => this.phaseOf[i] === p.phase).map(measured) }));
    const exercised = exercisedRules(this.traffic);
    const broken = new Set(this.check.monitor.violations.map((v) => v.rule));
    // The monitor skips the subscription checks of a member whose subscription does not decode.
    const undecodable = this.check.monitor.violations.some((v) => v.rule === 'CO-21' && v.message.startsWith('the subscription'));
    const verdict = (r: ObligationId): Verdict =>
      broken.has(r) ? 'broken' : undecodable && SUBSCRIPTION_RULES.includes(r) ? 'not judged' : exercised.has(r) ? 'held' : 'not exercised';
    const obligations = Object.fromEntries((Object.keys(OBLIGATIONS) as ObligationId[]).map((r) => [r, verdict(r)])) as Record<ObligationId, Verdict>;
    const monitor = this.check.monitor;
    return { client: this.o.client, phases, obligations, traffic: this.traffic, members: memberLinesOf(this.check.monitor), unchecked: monitor.uncheckedReads.map((u) => `${u.rules.join(',')}: ${u.message}`) };
  }
}

/** Runs the six phases of the shared script for one client and returns what was measured. */
export async function measureClient(o: MeasureOptions): Promise<ClientMeasurement> {
  const run = new Run(o);
  const topic = `${o.client}-topic`;
  const group = `${o.client}-group`;
  try {
    await run.start(PARTITIONS);
    await run.produce(topic, 'warmup', PARTITIONS); // creates the topic (auto-creation, SRV-07)
    await run.phase('clean', async (record) => {
      for (const name of ['m1', 'm2', 'm3']) run.add(name, topic, group);
      await run.awaitSplit(PARTITIONS);
      const values = await run.produce(topic, 'clean', PARTITIONS);
      record(values);
      await run.awaitRead('every clean record', values);
    });
    await run.phase('join', async (record) => {
      run.add('m4', topic, group);
      await until('m4 to get partitions', () => (run.members[3]!.assigned?.length ?? 0) > 0, run.timeout, () => run.detail());
      await run.awaitSplit(PARTITIONS);
      const values = await run.produce(topic, 'join', PARTITIONS);
      record(values);
      await run.awaitRead('every record after the join', values);
    });
    await standardFaults(run, topic, group);
  } finally {
    await run.close();
  }
  return run.result();
}

/** One line per member: its status, generations and the rules it broke. */
function memberLinesOf(monitor: ClientObligationMonitor): string[] {
  return monitor.summary().map((m) => `${m.memberId} (client ${m.clientId ?? '?'}): ${m.status}, generations [${m.generations.join(',')}]${Object.keys(m.violations).length === 0 ? '' : `, broke ${Object.entries(m.violations).map(([r, n]) => `${r} x${n}`).join(', ')}`}`);
}

/** Leave, kill, expel, coordinator crash and added partitions, each followed by a batch the survivors must read. */
async function standardFaults(run: Run, topic: string, group: string): Promise<void> {
  const batch = async (record: (v: string[]) => void, phase: string, partitions = PARTITIONS): Promise<void> => {
    const values = await run.produce(topic, phase, partitions);
    record(values);
    await run.awaitRead(`every record of phase ${phase}`, values);
  };
  await run.phase('leave', async (record) => {
    await run.members[2]!.stop('SIGTERM');
    await run.awaitSplit(PARTITIONS);
    await batch(record, 'leave');
  });
  await run.phase('kill', async (record) => {
    await run.members[1]!.stop('SIGKILL');
    await run.awaitSplit(PARTITIONS);
    await batch(record, 'kill');
  });
  await run.phase('expel', async (record) => {
    const m4 = run.members[3]!;
    const id = run.check.monitor.summary().find((m) => m.clientId === 'm4' && m.status === 'active')?.memberId;
    if (id === undefined) throw new Error('m4 is not an active member');
    const before = m4.assignments;
    const answer = await run.server.command(`expel ${group} ${id}`);
    if (!answer?.startsWith('ok')) throw new Error(`expel: ${answer}`);
    await until('m4 to rejoin after its expulsion', () => m4.assignments > before, run.timeout, () => run.detail());
    await run.awaitSplit(PARTITIONS);
    await batch(record, 'expel');
  });
  await run.phase('coordinator-crash', async (record) => {
    const broker = run.server.kafka.coordinatorFor(group);
    if (broker === null) throw new Error(`group ${group} has no coordinator`);
    await run.server.command(`crash ${broker}`);
    await sleep(1500);
    await run.server.command(`restart ${broker}`);
    await run.awaitSplit(PARTITIONS);
    await batch(record, 'crash');
  });
  await run.phase('add-partitions', async (record) => {
    await run.server.command(`add-partitions ${topic} 2`);
    await run.awaitSplit(PARTITIONS + 2);
    await batch(record, 'added', PARTITIONS + 2);
  });
}

/**
 * Two members of one group subscribed to different topics (two partitions each): a correct
 * assignor gives each member its own topic's partitions only. Records produced to both topics;
 * the phase ends when every one was read or after `phaseTimeoutMs`.
 */
export async function measureMixed(o: MeasureOptions): Promise<ClientMeasurement> {
  const run = new Run(o);
  const [a, b] = [`${o.client}-mix-a`, `${o.client}-mix-b`];
  try {
    await run.start(2);
    await run.produce(a, 'warmup-a', 2);
    await run.produce(b, 'warmup-b', 2);
    await run.phase('mixed', async (record) => {
      run.add('m1', a, `${o.client}-mixed`);
      run.add('m2', b, `${o.client}-mixed`);
      await until('both members to finish a join', () => run.members.every((m) => m.assignments > 0), run.timeout, () => run.detail());
      await sleep(1000);
      const values = [...(await run.produce(a, 'mix-a', 2)), ...(await run.produce(b, 'mix-b', 2))];
      record(values);
      // A client whose assignor leaves a topic unassigned never reads it: 6 s is plenty otherwise.
      await run.awaitRead('every record of both topics', values, 6000);
    });
  } finally {
    await run.close();
  }
  return run.result();
}
