/**
 * The wire server's taps connected to the client-obligation monitor, and the monitor's results
 * as text, JSON and JUnit: what `kgspec serve --check-clients` and `kgspec check-client` share.
 *
 * @remarks
 * The wire layer never imports the monitor (it sits below conformance); this module, in the
 * CLI, is where the two meet.
 * @see spec/client-obligations.md
 */
import { ClientObligationMonitor, OBLIGATIONS, type MonitorOptions, type ObligationId, type ObservedExchange, type Violation } from '../conformance/client-obligations/index.js';
import type { KafkaRequest, KafkaResponse } from '../protocol/messages/index.js';
import type { Exchange } from '../wire/server/connection.js';

/** A monitor and the two taps that feed it. */
export interface ClientCheck {
  readonly monitor: ClientObligationMonitor;
  /** For `WireServerOptions.tapArrival`. */
  readonly tapArrival: (exchange: Exchange) => void;
  /** For `WireServerOptions.tap`. */
  readonly tap: (exchange: Exchange) => void;
}

/** The exchange as the monitor takes it. */
function observed(e: Exchange, withResponse: boolean): ObservedExchange {
  const base = { atMs: e.atMs, connectionId: e.connectionId, clientId: e.clientId, request: e.request as KafkaRequest };
  return withResponse && e.response !== undefined ? { ...base, response: e.response as KafkaResponse } : base;
}

/** A monitor fed by a wire server's taps. */
export function clientCheck(options: MonitorOptions = {}): ClientCheck {
  const monitor = new ClientObligationMonitor(options);
  return {
    monitor,
    tapArrival: (e) => monitor.observe(observed(e, false)),
    // An unanswered Produce (acks=0) was already seen arriving: only answers are fed here.
    tap: (e) => {
      if (e.response !== undefined) monitor.observe(observed(e, true));
    },
  };
}

/** `atMs` as seconds since `originMs` (`+1.250s`). */
function since(atMs: number, originMs: number): string {
  return `+${((atMs - originMs) / 1000).toFixed(3)}s`;
}

/**
 * One violation in a few lines: the rule, who, when (seconds since `originMs`, the server's
 * start), why, then its evidence.
 */
export function formatViolation(v: Violation, originMs = 0): string[] {
  const repeats = v.occurrences > 1 ? ` (x${v.occurrences})` : '';
  return [
    `${v.severity} ${v.rule} ${OBLIGATIONS[v.rule].title}${repeats}: member ${v.memberId} (client ${v.clientId ?? '?'}, group ${v.groupId}, generation ${v.generationId}) at ${since(v.atMs, originMs)}: ${v.message}`,
    ...v.evidence.map((e) => `    ${since(e.atMs, originMs)} connection ${e.connectionId} ${e.kind === 'request' ? '->' : '<-'} ${e.summary}`),
  ];
}

/** The text report: every violation, what could not be checked, and one line per member. */
export function textReport(monitor: ClientObligationMonitor, originMs = 0): string[] {
  const lines: string[] = [];
  for (const v of monitor.violations) lines.push(...formatViolation(v, originMs));
  for (const u of monitor.uncheckedReads) lines.push(`NOT CHECKED ${u.rules.join(',')}: ${u.message}`);
  lines.push(...memberLines(monitor));
  const must = monitor.violations.filter((v) => v.severity === 'MUST').length;
  lines.push(`members: ${monitor.summary().length}, MUST violations: ${must}, SHOULD violations: ${monitor.violations.length - must}`);
  return lines;
}

/** One line per member: its status, generations and the rules it broke. */
export function memberLines(monitor: ClientObligationMonitor): string[] {
  return monitor.summary().map((m) => {
    const broken = Object.entries(m.violations).map(([rule, n]) => `${rule} ${OBLIGATIONS[rule as ObligationId].severity} x${n}`);
    return `member ${m.memberId} (client ${m.clientId ?? '?'}, group ${m.groupId}): ${m.status}, generations [${m.generations.join(',')}]: ${broken.length === 0 ? 'every obligation held' : broken.join(', ')}`;
  });
}

/** The JSON report. */
export function jsonReport(monitor: ClientObligationMonitor): object {
  return { violations: monitor.violations, unchecked: monitor.uncheckedReads, members: monitor.summary(), mustViolated: monitor.mustViolated };
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * The JUnit report: one test suite per member, one test case per obligation; a MUST broken is
 * a failure, a SHOULD broken is reported in the case's output, a read check that could not be
 * made is skipped.
 */
export function junitReport(monitor: ClientObligationMonitor): string {
  const rules = Object.keys(OBLIGATIONS) as ObligationId[];
  const suites = monitor.summary().map((m) => {
    const mine = monitor.violations.filter((v) => v.groupId === m.groupId && v.memberId === m.memberId);
    const unchecked = monitor.uncheckedReads.filter((u) => u.memberIds.includes(m.memberId));
    const cases = rules.map((rule) => {
      const name = `${rule} ${OBLIGATIONS[rule].title}`;
      const broken = mine.filter((v) => v.rule === rule);
      const text = broken.flatMap(formatViolation).join('\n');
      if (broken.length > 0 && OBLIGATIONS[rule].severity === 'MUST') return `    <testcase name="${xml(name)}" classname="${xml(m.memberId)}"><failure message="${xml(broken[0]!.message)}">${xml(text)}</failure></testcase>`;
      if (broken.length > 0) return `    <testcase name="${xml(name)}" classname="${xml(m.memberId)}"><system-out>${xml(text)}</system-out></testcase>`;
      const skipped = unchecked.find((u) => u.rules.includes(rule));
      if (skipped !== undefined) return `    <testcase name="${xml(name)}" classname="${xml(m.memberId)}"><skipped message="${xml(skipped.message)}"/></testcase>`;
      return `    <testcase name="${xml(name)}" classname="${xml(m.memberId)}"/>`;
    });
    const failures = new Set(mine.filter((v) => v.severity === 'MUST').map((v) => v.rule)).size;
    const skipped = rules.filter((r) => mine.every((v) => v.rule !== r) && unchecked.some((u) => u.rules.includes(r))).length;
    return [`  <testsuite name="${xml(`${m.groupId}/${m.memberId}`)}" tests="${rules.length}" failures="${failures}" skipped="${skipped}">`, ...cases, '  </testsuite>'].join('\n');
  });
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites name="kgspec check-client">', ...suites, '</testsuites>', ''].join('\n');
}
