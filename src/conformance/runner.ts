/**
 * Runs scenarios against a target and reports, per scenario, passed / failed (with the step,
 * expected and actual) / skipped (with why).
 */
import { InvalidRequestError } from '../protocol/invariant.js';
import type { Bindings, Mismatch } from './match.js';
import { match, show, substitute } from './match.js';
import type { Scenario, Step } from './scenario.js';
import type { Target, TargetSession } from './target.js';

/** The outcome of one scenario. */
export type ScenarioResult =
  | { readonly name: string; readonly rules: readonly string[]; readonly status: 'passed' }
  | { readonly name: string; readonly rules: readonly string[]; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly name: string;
      readonly rules: readonly string[];
      readonly status: 'failed';
      readonly stepIndex: number;
      readonly step: string;
      readonly expected: string;
      readonly actual: string;
    };

class StepFailure extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`expected ${expected}, got ${actual}`);
  }
}

class SkipScenario extends Error {}

function describeStep(step: Step): string {
  switch (step.op) {
    case 'send':
      return `send ${step.label} ${step.request.api} v${step.request.version}`;
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
    default:
      return `${step.op} ${step.groupId}`;
  }
}

function check(miss: Mismatch | undefined): void {
  if (miss) throw new StepFailure(`${miss.path} = ${miss.expected}`, miss.actual);
}

async function runStep(session: TargetSession, step: Step, vars: Bindings): Promise<void> {
  switch (step.op) {
    case 'send':
      return session.send(step.label, substitute(step.request, vars));
    case 'advance':
      return session.advance(step.ms);
    case 'expect': {
      const r = session.response(step.label);
      if (r === undefined) throw new StepFailure(`a response to ${step.label}`, 'no response (still pending)');
      return check(match(step.response, r, vars));
    }
    case 'expectPending': {
      const r = session.response(step.label);
      if (r !== undefined) throw new StepFailure(`${step.label} still pending`, show(r));
      return;
    }
    case 'expectGroup': {
      const g = await session.describeGroup(step.groupId);
      if (g === undefined) throw new StepFailure(`group ${step.groupId}`, 'no such group');
      return check(match(step.group, g, vars));
    }
    case 'expectNoGroup': {
      const g = await session.describeGroup(step.groupId);
      if (g !== undefined) throw new StepFailure(`no group ${step.groupId}`, show(g));
      return;
    }
    case 'crashCoordinator':
      if (!session.crashCoordinator) throw new SkipScenario('the target cannot crash brokers');
      return session.crashCoordinator(step.groupId);
    case 'restartBrokers':
      if (!session.restartBrokers) throw new SkipScenario('the target cannot restart brokers');
      return session.restartBrokers();
    case 'moveCoordinator':
      if (!session.moveCoordinator) throw new SkipScenario('the target cannot move coordinators');
      return session.moveCoordinator(step.groupId);
    case 'sendToPreviousCoordinator':
      if (!session.sendToPreviousCoordinator) throw new SkipScenario('the target cannot address a previous coordinator');
      return session.sendToPreviousCoordinator(step.label, substitute(step.request, vars));
    case 'expectNetworkError':
      if (!session.networkError) throw new SkipScenario('the target cannot report network errors');
      if (!session.networkError(step.label)) throw new StepFailure(`a network error for ${step.label}`, show(session.response(step.label) ?? 'no response'));
      return;
    case 'expectDurable': {
      if (!session.durableRecords) throw new SkipScenario('the target cannot show durable records');
      const records = await session.durableRecords(step.groupId);
      return check(match(step.records, records.map((r) => r.value), vars));
    }
  }
}

/** Runs one scenario on a fresh session of the target. */
export async function runScenario(scenario: Scenario, target: Target): Promise<ScenarioResult> {
  const { name, rules } = scenario;
  const started = await target.start(scenario.config ?? {}, scenario.topics ?? []);
  if ('skip' in started) return { name, rules, status: 'skipped', reason: started.skip };
  const vars: Bindings = new Map();
  let index = 0;
  try {
    for (; index < scenario.steps.length; index++) await runStep(started, scenario.steps[index]!, vars);
    return { name, rules, status: 'passed' };
  } catch (e) {
    if (e instanceof SkipScenario) return { name, rules, status: 'skipped', reason: e.message };
    const step = describeStep(scenario.steps[index]!);
    if (e instanceof StepFailure) return { name, rules, status: 'failed', stepIndex: index, step, expected: e.expected, actual: e.actual };
    const actual = e instanceof InvalidRequestError ? `invalid request: ${e.message}` : `exception: ${(e as Error).stack ?? String(e)}`;
    return { name, rules, status: 'failed', stepIndex: index, step, expected: 'the step to run', actual };
  } finally {
    await started.close();
  }
}

/** Runs scenarios in order, calling `onResult` after each. */
export async function runScenarios(
  scenarios: readonly Scenario[],
  target: Target,
  onResult?: (r: ScenarioResult, done: number, total: number) => void,
): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const s of scenarios) {
    const r = await runScenario(s, target);
    out.push(r);
    onResult?.(r, out.length, scenarios.length);
  }
  return out;
}
