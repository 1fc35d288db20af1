/**
 * Runs scenarios against a target and reports, per scenario, passed / failed (with the step,
 * expected and actual, and the exchange so far) / skipped (with why).
 *
 * @remarks
 * Each scenario runs in the environment of the target's configs (`scenarioEnv`, environment.ts), under
 * names unique to the run ({@link Namespace}), with labels made unique per session. A target
 * that throws while starting fails that scenario with the message; the run goes on.
 */
import { InvalidRequestError } from '../protocol/invariant.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages/index.js';
import type { Bindings, Mismatch } from './match.js';
import { match, show, substitute } from './match.js';
import { Namespace } from './namespace.js';
import type { BrokerConfigs, Pattern, Scenario, ScenarioEnv, Step } from './scenario.js';
import { defaultedFields, stepsOf } from './scenario.js';
import type { Target, TargetSession } from './target.js';
import { environmentFor } from './environment.js';
export { environmentFor } from './environment.js';
import { ScenarioSkip, Unobservable } from './target.js';
import { NEGOTIABLE, reshape, restore } from './versions.js';
import { bindTopicIds, consumerCapabilityGap, consumerSnapshot, createTopicStep, prepareRequest } from './consumer-run.js';

/** One request of a scenario and what came back, as the scenario sees them (its own names). */
export interface Exchange {
  readonly label: string;
  /** Index of the step that sent it. */
  readonly stepIndex: number;
  readonly request: GroupRequest;
  /** The answer, if one came before the scenario ended. */
  readonly response?: GroupResponse;
  /** What the scenario expected of the answer (its pattern, as text), where it said. */
  readonly expected?: string;
}

/** Fields every result carries. */
interface ResultBase {
  readonly name: string;
  readonly rules: readonly string[];
  /** Steps not checked on this target, with why (durable records over the wire). */
  readonly notes?: readonly string[];
}

/** The outcome of one scenario. */
export type ScenarioResult =
  | (ResultBase & { readonly status: 'passed' })
  | (ResultBase & { readonly status: 'skipped'; readonly reason: string })
  | (ResultBase & {
      readonly status: 'failed';
      readonly stepIndex: number;
      readonly step: string;
      readonly expected: string;
      readonly actual: string;
      /** The label of the failed step's request, when the step names one (`expect sync2`). */
      readonly label?: string;
      /** The rules the failed check itself demonstrates, where a shared setup's check names them (CONF-08). */
      readonly stepRules?: readonly string[];
      /** Every request sent until the failure, with its answer and expectation. */
      readonly transcript: readonly Exchange[];
    });

/** How a run is made. */
export interface RunOptions {
  /** Configs for targets that start a broker per scenario, under each scenario's own (default: Kafka's defaults). */
  readonly baseline?: BrokerConfigs;
  /** Prefix of the run's group ids and topic names (default: `kgs-` and a time stamp for real-time targets, none otherwise). */
  readonly runId?: string;
  /** Real-time targets: the longest one scenario may take before it fails (default 120 s). */
  readonly timeLimitMs?: number;
  /**
   * Real-time targets: the longest the whole run may take. A scenario still running then fails
   * at its time limit (each scenario's limit is cut to the time left); one not started yet is
   * skipped, saying so. Default: no bound beyond the scenarios' own.
   */
  readonly runTimeLimitMs?: number;
  /** Real-time targets: the margin around deadlines (default {@link REAL_TIME_MARGIN_MS}). */
  readonly marginMs?: number;
  /** How many scenarios run at once (default 1). */
  readonly parallel?: number;
  /** Called after each scenario, in completion order. */
  readonly onResult?: (r: ScenarioResult, done: number, total: number) => void;
}

class StepFailure extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`expected ${expected}, got ${actual}`);
  }
}

function describeStep(step: Step): string {
  switch (step.op) {
    case 'send':
      return `send ${step.label} ${step.request.api}${defaultedFields(step.request)['version'] === undefined ? ` v${step.request.version}` : ''}`;
    case 'advance':
      return `advance ${step.ms} ms`;
    case 'expect':
      return `expect ${step.label}`;
    case 'expectPending':
    case 'expectNetworkError':
    case 'sendToPreviousCoordinator':
      return `${step.op} ${step.label}`;
    case 'restartBrokers':
      return 'restartBrokers';
    case 'shiftGenerations':
      return `shiftGenerations ${step.groupId} by ${step.by}`;
    case 'alignGeneration':
      return `alignGeneration ${step.groupId} to ${step.label}`;
    case 'createTopic':
      return `createTopic ${step.name} (${step.partitions} partitions)`;
    default:
      return `${step.op} ${step.groupId}`;
  }
}

function check(miss: Mismatch | undefined): void {
  if (miss) throw new StepFailure(`${miss.path} = ${miss.expected}`, miss.actual);
}

/** One scenario's run: the session, its names, labels, variables and exchange. */
class ScenarioRun {
  readonly vars: Bindings = new Map();
  readonly notes: string[] = [];
  readonly exchanges: {
    label: string;
    stepIndex: number;
    /** The request as sent (its version chosen, its layout that version's), in the scenario's names. */
    request: GroupRequest;
    /** The request as the scenario wrote it (its layout the newest version's). */
    written: GroupRequest;
    sessionLabel: string;
    unobservable: readonly string[];
    expected?: string;
  }[] = [];
  private readonly current = new Map<string, number>();
  private sends = 0;
  stepIndex = 0;

  constructor(
    readonly session: TargetSession,
    readonly ns: Namespace,
    readonly env: ScenarioEnv,
  ) {}

  /** The exchange of the label's latest send. */
  private latest(label: string): (typeof this.exchanges)[number] | undefined {
    const i = this.current.get(label);
    return i === undefined ? undefined : this.exchanges[i];
  }

  private record(label: string, request: GroupRequest, written: GroupRequest, unobservable: readonly string[]): string {
    // A reused label is a new request: the target sees a fresh label, the scenario the latest answer.
    const sessionLabel = `${label}#${++this.sends}`;
    this.current.set(label, this.exchanges.length);
    this.exchanges.push({ label, stepIndex: this.stepIndex, request, written, sessionLabel, unobservable });
    return sessionLabel;
  }

  /** The request at the version the broker takes (see versions.ts), with the answer fields that version lacks. */
  private versioned(built: GroupRequest): { request: GroupRequest; unobservable: readonly string[] } {
    const defaulted = defaultedFields(built);
    const request = { ...built } as Record<string, unknown>;
    if (defaulted['sessionTimeoutMs'] === 'session') request['sessionTimeoutMs'] = this.env.sessionMs;
    if (defaulted['rebalanceTimeoutMs'] === 'rebalance') request['rebalanceTimeoutMs'] = this.env.rebalanceMs;
    const api = built.api;
    const range = NEGOTIABLE[api];
    if (defaulted['version'] !== 'version' || range === undefined) return { request: request as unknown as GroupRequest, unobservable: [] };
    const chosen = this.session.negotiate ? this.session.negotiate(api, range.oldest, range.newest) : range.newest;
    if (typeof chosen !== 'number') throw new ScenarioSkip(chosen.skip);
    const reshaped = reshape(request as unknown as GroupRequest, chosen);
    if ('skip' in reshaped) throw new ScenarioSkip(reshaped.skip);
    return reshaped;
  }

  async send(label: string, request: GroupRequest, previous = false): Promise<void> {
    const { request: at, unobservable } = this.versioned(request);
    const concrete = substitute(prepareRequest(at, this.vars, this.ns.prefix), this.vars);
    const written = substitute(prepareRequest({ ...request, version: concrete.version } as GroupRequest, this.vars, this.ns.prefix), this.vars);
    const sessionLabel = this.record(label, concrete, written, unobservable);
    const out = this.ns.outbound(concrete);
    if (previous) await this.session.sendToPreviousCoordinator!(sessionLabel, out);
    else await this.session.send(sessionLabel, out);
  }

  response(label: string): GroupResponse | undefined {
    const x = this.latest(label);
    return x === undefined ? undefined : this.answer(x);
  }

  /** The answer to an exchange as the scenario sees it: its names, its layout. */
  private answer(x: (typeof this.exchanges)[number]): GroupResponse | undefined {
    const r = this.session.response(x.sessionLabel);
    return r === undefined ? undefined : this.ns.inbound(x.written, restore(x.written, x.request, r));
  }

  /** Top-level answer fields of the label's latest request that its version cannot carry. */
  unobservable(label: string): ReadonlySet<string> {
    const x = this.latest(label);
    if (x === undefined) return new Set();
    return new Set([...x.unobservable, ...(this.session.unobservable?.(x.sessionLabel) ?? [])]);
  }

  expected(label: string, pattern: Pattern): void {
    const x = this.latest(label);
    if (x !== undefined) x.expected = show(pattern);
  }

  networkError(label: string): boolean {
    const x = this.latest(label);
    return x !== undefined && this.session.networkError!(x.sessionLabel);
  }

  /** What a check found instead of an answer: still pending, or the network failure. */
  noAnswer(label: string): string {
    const x = this.latest(label);
    if (x === undefined || this.session.networkError?.(x.sessionLabel) !== true) return 'no response (still pending)';
    return `no response: the request failed (${this.session.networkErrorReason?.(x.sessionLabel) ?? 'network error'})`;
  }

  transcript(): Exchange[] {
    return this.exchanges.map((x) => {
      const r = this.answer(x);
      return {
        label: x.label,
        stepIndex: x.stepIndex,
        request: x.request,
        ...(r !== undefined ? { response: r } : {}),
        ...(x.expected !== undefined ? { expected: x.expected } : {}),
      };
    });
  }
}

/** A group expectation without the fields the target cannot see (absent from its snapshot). */
function observable(pattern: Pattern, seen: object): Pattern {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) return pattern;
  return Object.fromEntries(Object.entries(pattern).filter(([k]) => k in seen));
}

/** An answer expectation without the top-level fields the answer's version cannot carry. */
function withoutFields(pattern: Pattern, hidden: ReadonlySet<string>): Pattern {
  if (hidden.size === 0 || typeof pattern !== 'object' || pattern === null || Array.isArray(pattern) || pattern instanceof Uint8Array) return pattern;
  if ('kind' in pattern) return pattern; // oneOf / allOf / anything: matched whole
  return Object.fromEntries(Object.entries(pattern).filter(([k]) => !hidden.has(k)));
}

async function runFault(run: ScenarioRun, step: Step & { op: 'crashCoordinator' | 'restartBrokers' | 'moveCoordinator' }): Promise<void> {
  const s = run.session;
  if (step.op === 'restartBrokers') {
    if (!s.restartBrokers) throw new ScenarioSkip('the target cannot restart brokers');
    return s.restartBrokers();
  }
  const group = run.ns.name(step.groupId);
  if (step.op === 'crashCoordinator') {
    if (!s.crashCoordinator) throw new ScenarioSkip('the target cannot crash brokers');
    return s.crashCoordinator(group);
  }
  if (!s.moveCoordinator) throw new ScenarioSkip('the target cannot move coordinators');
  return s.moveCoordinator(group);
}

/** The session methods a step needs, and the skip reason when a session lacks it. */
const NEEDS: Partial<Record<Step['op'], { method: keyof TargetSession; why: string }>> = {
  crashCoordinator: { method: 'crashCoordinator', why: 'the target cannot crash brokers' },
  restartBrokers: { method: 'restartBrokers', why: 'the target cannot restart brokers' },
  moveCoordinator: { method: 'moveCoordinator', why: 'the target cannot move coordinators' },
  sendToPreviousCoordinator: { method: 'sendToPreviousCoordinator', why: 'the target cannot address a previous coordinator' },
  expectNetworkError: { method: 'networkError', why: 'the target cannot report network errors' },
};

/**
 * Why the session cannot run these steps (a fault step it has no method for), checked before
 * the first step: a failover scenario's early steps may rely on what its fault steps test
 * (replication delays), so it is skipped rather than failed halfway.
 */
export function missingCapability(steps: readonly Step[], session: TargetSession): string | undefined {
  for (const step of steps) {
    const need = NEEDS[step.op];
    if (need !== undefined && typeof session[need.method] !== 'function') return need.why;
  }
  return undefined;
}

/** The longest one real-time scenario may take by default. */
const DEFAULT_TIME_LIMIT_MS = 120_000;

/** How often a real-time check looks again while its answer may still be on its way. */
const POLL_MS = 10;

/**
 * Runs a check; in real time, retries it until it passes or the margin has passed, since an
 * answer or a state change the broker already made may still be on its way.
 */
async function eventually(run: ScenarioRun, checkOnce: () => Promise<void>): Promise<void> {
  if (!run.env.realTime) return checkOnce();
  const deadline = Date.now() + run.env.marginMs;
  for (;;) {
    try {
      return await checkOnce();
    } catch (e) {
      if (!(e instanceof StepFailure) || Date.now() >= deadline) throw e;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

async function runStep(run: ScenarioRun, step: Step): Promise<void> {
  switch (step.op) {
    case 'expect':
    case 'alignGeneration':
      return eventually(run, () => runStepOnce(run, step));
    case 'expectGroup':
    case 'expectNoGroup':
    case 'expectConsumerGroup':
      try {
        return await eventually(run, () => runStepOnce(run, step));
      } catch (e) {
        if (!(e instanceof Unobservable)) throw e;
        return void run.notes.push(`step ${run.stepIndex} (${step.op}): ${e.message}`);
      }
    default:
      return runStepOnce(run, step);
  }
}

async function runStepOnce(run: ScenarioRun, step: Step): Promise<void> {
  const s = run.session;
  switch (step.op) {
    case 'send':
      return run.send(step.label, step.request);
    case 'advance':
      return s.advance(step.ms);
    case 'expect': {
      run.expected(step.label, step.response);
      const r = run.response(step.label);
      if (r === undefined) throw new StepFailure(`a response to ${step.label}`, run.noAnswer(step.label));
      return check(match(withoutFields(step.response, run.unobservable(step.label)), r, run.vars));
    }
    case 'expectPending': {
      const r = run.response(step.label);
      if (r !== undefined) throw new StepFailure(`${step.label} still pending`, show(r));
      return;
    }
    case 'expectGroup': {
      const g = await s.describeGroup(run.ns.name(step.groupId));
      if (g === undefined) throw new StepFailure(`group ${step.groupId}`, 'no such group');
      return check(match(observable(step.group, g), run.ns.snapshot(step.groupId, g), run.vars));
    }
    case 'expectConsumerGroup': {
      const g = await consumerSnapshot(s, run.ns, step.groupId);
      if (g === undefined) throw new StepFailure(`consumer group ${step.groupId}`, 'no such group');
      return check(match(step.group, g, run.vars));
    }
    case 'createTopic':
      return createTopicStep(s, run.ns, { name: step.name, partitions: step.partitions }, run.vars);
    case 'expectNoGroup': {
      const g = await s.describeGroup(run.ns.name(step.groupId));
      if (g !== undefined) throw new StepFailure(`no group ${step.groupId}`, show(g));
      return;
    }
    case 'crashCoordinator':
    case 'restartBrokers':
    case 'moveCoordinator':
      return runFault(run, step);
    case 'sendToPreviousCoordinator':
      if (!s.sendToPreviousCoordinator) throw new ScenarioSkip('the target cannot address a previous coordinator');
      return run.send(step.label, step.request, true);
    case 'expectNetworkError':
      if (!s.networkError) throw new ScenarioSkip('the target cannot report network errors');
      if (!run.networkError(step.label)) throw new StepFailure(`a network error for ${step.label}`, show(run.response(step.label) ?? 'no response'));
      return;
    case 'shiftGenerations':
      return run.ns.shift(step.groupId, step.by);
    case 'alignGeneration': {
      const r = run.response(step.label);
      if (r === undefined) throw new StepFailure(`a response to ${step.label}`, 'no response (still pending)');
      // A JoinGroup's generation, or a ConsumerGroupHeartbeat's member epoch (CONF-21).
      const reached = r.api === 'JoinGroup' ? r.generationId : r.api === 'ConsumerGroupHeartbeat' ? r.memberEpoch : undefined;
      if (reached === undefined || ('errorCode' in r && r.errorCode !== 0)) throw new StepFailure(`${step.label} answered without error`, show(r));
      return run.ns.shift(step.groupId, reached - step.generation);
    }
    case 'expectDurable': {
      if (!s.durableRecords) return void run.notes.push(`step ${run.stepIndex} (expectDurable): the target cannot show durable records`);
      if (run.ns.isShifted(step.groupId)) {
        return void run.notes.push(`step ${run.stepIndex} (expectDurable): the setup formed group ${step.groupId} over several generations`);
      }
      const records = await s.durableRecords(run.ns.name(step.groupId));
      return check(match(step.records, records.map((r) => r.value), run.vars));
    }
  }
}


function failure(base: ResultBase, index: number, step: Step | undefined, e: unknown, run: ScenarioRun | undefined): ScenarioResult {
  const where = step === undefined ? 'start' : describeStep(step);
  const transcript = run?.transcript() ?? [];
  const stepRules = step !== undefined && 'rules' in step && step.rules !== undefined ? { stepRules: step.rules } : {};
  const at = { stepIndex: index, step: where, ...(step !== undefined && 'label' in step ? { label: step.label } : {}), ...stepRules, transcript };
  if (e instanceof StepFailure) return { ...base, status: 'failed', ...at, expected: e.expected, actual: e.actual };
  const actual = e instanceof InvalidRequestError ? `invalid request: ${e.message}` : `exception: ${(e as Error)?.message ?? String(e)}`;
  return { ...base, status: 'failed', ...at, expected: step === undefined ? 'the target to start' : 'the step to run', actual };
}

async function withTimeLimit<T>(work: Promise<T>, limitMs: number | undefined): Promise<T> {
  if (limitMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`the scenario to end within ${limitMs} ms`, 'it was still running')), limitMs);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one scenario on a fresh session of the target. */
export async function runScenario(scenario: Scenario, target: Target, options: RunOptions = {}, index = 0): Promise<ScenarioResult> {
  const { name, rules } = scenario;
  const setting = environmentFor(scenario, target, options);
  if ('skip' in setting) return { name, rules, status: 'skipped', reason: setting.skip };
  const limitMs = target.realTime ? (options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS) : undefined;
  const waitsMs = stepsOf(scenario, setting.env).reduce((t, s) => t + (s.op === 'advance' ? s.ms : 0), 0);
  // A scenario that cannot end within its limit is not worth the wait (CONF-15).
  if (limitMs !== undefined && waitsMs >= limitMs) return { name, rules, status: 'skipped', reason: `waits ${waitsMs} ms in real time, more than the scenario time limit of ${limitMs} ms` };
  const ns = new Namespace(options.runId === undefined ? '' : `${options.runId}-${index}-`);
  let started: TargetSession | { skip: string };
  try {
    started = await target.start(setting.configs, ns.topics(scenario.topics ?? []), scenario.cluster);
  } catch (e) {
    return failure({ name, rules }, 0, undefined, e, undefined);
  }
  if ('skip' in started) return { name, rules, status: 'skipped', reason: started.skip };
  const env = started.memberIdRequired === false ? { ...setting.env, memberIdRequired: false } : setting.env;
  const run = new ScenarioRun(started, ns, env);
  const steps = stepsOf(scenario, env);
  const missing = missingCapability(steps, started) ?? consumerCapabilityGap(steps, scenario.topics ?? [], started);
  if (missing !== undefined) {
    await started.close().catch(() => undefined);
    return { name, rules, status: 'skipped', reason: missing };
  }
  try {
    await bindTopicIds(started, ns, scenario.topics ?? [], run.vars);
  } catch (e) {
    await started.close().catch(() => undefined);
    return failure({ name, rules }, 0, undefined, e, undefined);
  }
  const base = (): ResultBase => ({ name, rules, ...(run.notes.length > 0 ? { notes: [...run.notes] } : {}) });
  try {
    const all = (async () => {
      for (; run.stepIndex < steps.length; run.stepIndex++) await runStep(run, steps[run.stepIndex]!);
    })();
    await withTimeLimit(all, limitMs);
    return { ...base(), status: 'passed' };
  } catch (e) {
    if (e instanceof ScenarioSkip) return { ...base(), status: 'skipped', reason: e.message };
    return failure(base(), run.stepIndex, steps[run.stepIndex], e, run);
  } finally {
    await started.close().catch(() => undefined);
  }
}

/** The run id of a run: the given one, else unique per run for real-time targets (they may hold other runs' groups). */
export function runIdFor(target: Target, options: RunOptions): string | undefined {
  if (options.runId !== undefined) return options.runId;
  return target.realTime ? `kgs-${Date.now().toString(36)}` : undefined;
}

/** Runs one scenario of a run that must end by `runDeadline` (epoch ms), if it has one. */
async function runBounded(scenario: Scenario, target: Target, opts: RunOptions, index: number, runDeadline: number | undefined): Promise<ScenarioResult> {
  if (runDeadline === undefined) return runScenario(scenario, target, opts, index);
  const left = runDeadline - Date.now();
  if (left <= 0) return { name: scenario.name, rules: scenario.rules, status: 'skipped', reason: `the run's time limit of ${opts.runTimeLimitMs} ms passed before it started` };
  return runScenario(scenario, target, { ...opts, timeLimitMs: Math.min(opts.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS, left) }, index);
}

/** Runs scenarios, `options.parallel` at a time; results in suite order. */
export async function runScenarios(scenarios: readonly Scenario[], target: Target, options: RunOptions = {}): Promise<ScenarioResult[]> {
  const runId = runIdFor(target, options);
  const opts: RunOptions = runId === undefined ? options : { ...options, runId };
  const out: ScenarioResult[] = new Array<ScenarioResult>(scenarios.length);
  let next = 0;
  let done = 0;
  const runDeadline = target.realTime && opts.runTimeLimitMs !== undefined ? Date.now() + opts.runTimeLimitMs : undefined;
  const worker = async (): Promise<void> => {
    while (next < scenarios.length) {
      const i = next++;
      const r = await runBounded(scenarios[i]!, target, opts, i, runDeadline);
      out[i] = r;
      opts.onResult?.(r, ++done, scenarios.length);
    }
  };
  const n = Math.max(1, Math.min(opts.parallel ?? 1, scenarios.length));
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}
