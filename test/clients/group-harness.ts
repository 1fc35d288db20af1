/**
 * The scenario every real client runs against the wire server (SRV-14): records are produced,
 * a group of three members (child processes, so that one can be killed) splits the partitions
 * and consumes every record exactly once; then a member leaves and another is killed, and the
 * survivors take over without losing a record.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type RunningKafka } from '../../src/wire/server/index.js';
import type { Exchange } from '../../src/wire/server/connection.js';

/** How to start one member of a client: the command and its arguments. */
export type MemberCommand = (bootstrap: string, groupId: string, topic: string, name: string) => { command: string; args: string[]; env?: NodeJS.ProcessEnv };

/** One member process and what it printed. */
export class Member {
  readonly consumed: { partition: number; offset: number; value: string }[] = [];
  assigned: number[] | undefined;
  assignments = 0;
  output = '';
  exited = false;
  private readonly child: ChildProcess;

  constructor(readonly name: string, spec: ReturnType<MemberCommand>) {
    this.child = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...spec.env } });
    let pending = '';
    this.child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.read(line.trim());
    });
    let pendingErr = '';
    this.child.stderr!.on('data', (d: Buffer) => {
      pendingErr += d.toString();
      const lines = pendingErr.split('\n');
      pendingErr = lines.pop()!;
      for (const line of lines) this.read(line.trim());
    });
    this.child.on('exit', () => (this.exited = true));
  }

  private read(line: string): void {
    this.output += line + '\n';
    const consumed = /^CONSUMED (\d+) (\d+) (.*)$/.exec(line);
    if (consumed) this.consumed.push({ partition: Number(consumed[1]), offset: Number(consumed[2]), value: consumed[3]! });
    const assigned = /^ASSIGNED ?([\d,]*)$/.exec(line);
    // kcat's own line: "% Group g rebalanced (memberid m): assigned: t [0], t [3]".
    const kcat = /rebalanced .*: assigned: (.*)$/.exec(line);
    if (assigned) this.assign(assigned[1] === '' ? [] : assigned[1]!.split(',').map(Number));
    else if (kcat) this.assign([...kcat[1]!.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  }

  private assign(partitions: number[]): void {
    this.assigned = partitions.sort((a, b) => a - b);
    this.assignments++;
  }

  /** Sends `signal` and waits for the process to end. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill(signal);
    await exited;
  }
}

/** Whether `command args...` runs and exits 0 (a client is installed). */
export function runs(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passes; fails with `what` and `detail()`. */
export async function until(what: string, check: () => boolean, timeoutMs: number, detail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Options of {@link runGroupScenario}. */
export interface GroupScenario {
  readonly client: string;
  readonly member: MemberCommand;
  readonly partitions?: number;
  readonly recordsPerPhase?: number;
  /** How long one phase may take (a client that starts slowly needs more). */
  readonly phaseTimeoutMs?: number;
  /**
   * How long to wait after the first split before producing the clean records: a client that
   * keeps a fetch of its old assignment in flight across a rebalance (as @platformatic/kafka
   * does; Kafka answers such a fetch too) would deliver those records twice otherwise.
   */
  readonly settleMs?: number;
  /** Broker configs over the harness's own (e.g. the `group.consumer.*` timeouts of a KIP-848 run). */
  readonly config?: Readonly<Record<string, string | number>>;
  /** Sees every exchange the server answers (what the clients sent). */
  readonly tap?: (exchange: Exchange) => void;
  /**
   * A condition the server's own view must also meet before a split counts: a KIP-848 group passes
   * through disjoint covering assignments while it reconciles, so its tests also wait for the
   * coordinator to call the group Stable.
   */
  readonly settled?: (kafka: RunningKafka['kafka'], groupId: string) => boolean;
}

/** What a run measured: records consumed in all, how many of them twice or more, and how long it took. */
export interface GroupRunSummary {
  readonly produced: number;
  readonly consumed: number;
  readonly duplicates: number;
  /** Duplicates by phase: records produced while stable, after the leave, after the kill. */
  readonly duplicatesByPhase: Readonly<Record<'clean' | 'afterLeave' | 'afterKill', number>>;
  readonly durationMs: number;
}

/** Runs the three-phase scenario; throws with each member's output on failure. */
export async function runGroupScenario(s: GroupScenario): Promise<GroupRunSummary> {
  const startedMs = Date.now();
  const partitions = s.partitions ?? 6;
  const n = s.recordsPerPhase ?? 30;
  const timeout = s.phaseTimeoutMs ?? 20_000;
  const server = await startKafka({
    brokers: 3,
    config: { 'group.initial.rebalance.delay.ms': 0, 'group.min.session.timeout.ms': 1000, 'num.partitions': partitions, 'offsets.topic.num.partitions': 5, ...s.config },
    ...(s.tap ? { tap: s.tap } : {}),
    // KGSPEC_WIRE_LOG=info|debug shows what the server saw.
    ...(process.env['KGSPEC_WIRE_LOG'] ? { logLevel: process.env['KGSPEC_WIRE_LOG'] as 'info', log: (level: string, line: string) => process.stderr.write(`[server ${level}] ${line}\n`) } : {}),
  });
  const topic = `${s.client}-topic`;
  const groupId = `${s.client}-group`;
  const members: Member[] = [];
  const detail = (): string => members.map((m) => `--- ${m.name} (assigned ${m.assigned?.join(',')}, consumed ${m.consumed.length})\n${m.output.slice(-3000)}`).join('\n');
  const producer = new Kafka({ clientId: 'producer', brokers: server.brokers, logLevel: logLevel.NOTHING }).producer();
  try {
    await producer.connect();
    const produce = async (phase: string): Promise<string[]> => {
      const values = Array.from({ length: n }, (_, i) => `${phase}-${i}`);
      await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value, partition: i % partitions })) });
      return values;
    };
    await produce('warmup').then(() => undefined); // creates the topic (auto-creation, SRV-07)
    for (const name of ['m1', 'm2', 'm3']) members.push(new Member(name, s.member(server.bootstrap, groupId, topic, name)));
    const live = (): Member[] => members.filter((m) => !m.exited);
    await awaitSplit(live, partitions, timeout, detail, () => s.settled?.(server.kafka, groupId) ?? true);
    await new Promise((r) => setTimeout(r, s.settleMs ?? 0));
    const first = await produce('clean');
    await until('every clean record', () => seen(members, first).size === n, timeout, detail);
    // Exactly once while the group is stable, each partition read by its owner only.
    const clean = members.flatMap((m) => m.consumed.filter((c) => c.value.startsWith('clean-')).map((c) => ({ ...c, member: m.name })));
    expect(clean.map((c) => c.value).sort(), detail()).toEqual([...first].sort());
    for (const c of clean) expect(members.find((m) => m.name === c.member)!.assigned).toContain(c.partition);

    await members[2]!.stop('SIGTERM'); // leaves the group
    await awaitSplit(live, partitions, timeout, detail, () => s.settled?.(server.kafka, groupId) ?? true);
    const second = await produce('afterLeave');
    await until('every record after the leave', () => seen(members, second).size === n, timeout, detail);

    await members[1]!.stop('SIGKILL'); // crashes: its session must expire
    await awaitSplit(live, partitions, timeout, detail, () => s.settled?.(server.kafka, groupId) ?? true);
    const third = await produce('afterKill');
    await until('every record after the kill', () => seen(members, third).size === n, timeout, detail);
    expect(members[0]!.assigned).toEqual(Array.from({ length: partitions }, (_, i) => i));
    // Nothing lost over the whole run: every value produced was consumed at least once.
    const all = new Set(members.flatMap((m) => m.consumed.map((c) => c.value)));
    for (const v of [...first, ...second, ...third]) expect(all.has(v), v).toBe(true);
    const values = members.flatMap((m) => m.consumed.map((c) => c.value)).filter((v) => !v.startsWith('warmup-'));
    const dups = (prefix: string): number => {
      const phase = values.filter((v) => v.startsWith(`${prefix}-`));
      return phase.length - new Set(phase).size;
    };
    const duplicatesByPhase = { clean: dups('clean'), afterLeave: dups('afterLeave'), afterKill: dups('afterKill') };
    return { produced: 3 * n, consumed: values.length, duplicates: values.length - new Set(values).size, duplicatesByPhase, durationMs: Date.now() - startedMs };
  } finally {
    await Promise.all(members.map((m) => m.stop('SIGKILL')));
    await producer.disconnect().catch(() => undefined);
    await server.close();
  }
}

/** Waits until the live members' latest assignments are disjoint and cover every partition. */
async function awaitSplit(live: () => Member[], partitions: number, timeoutMs: number, detail: () => string, settled: () => boolean = () => true): Promise<void> {
  await until(
    `the ${live().length} live members to split ${partitions} partitions`,
    () => {
      if (!settled()) return false;
      const owned = live().flatMap((m) => m.assigned ?? [-1]);
      return live().every((m) => (m.assigned?.length ?? 0) > 0) && owned.length === partitions && new Set(owned).size === partitions;
    },
    timeoutMs,
    detail,
  );
}

/** The values of `wanted` that some member consumed. */
function seen(members: readonly Member[], wanted: readonly string[]): Set<string> {
  const w = new Set(wanted);
  return new Set(members.flatMap((m) => m.consumed.map((c) => c.value)).filter((v) => w.has(v)));
}

export type { RunningKafka };
