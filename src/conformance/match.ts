/**
 * Pattern matching of scenario expectations against actual values, with variable capture.
 */
import type { AllOf, Anything, OneOf, Pattern, StartsWith } from './scenario.js';
import type { AssignedPattern, InAnyOrder } from './consumer-scenario.js';
import { matchAssigned } from './match-assignment.js';

/** Variables captured so far (`m1` for `'$m1'`). */
export type Bindings = Map<string, unknown>;

/** A mismatch: where, what was expected, what was found. */
export interface Mismatch {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

function isOneOf(p: unknown): p is OneOf {
  return typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'oneOf' && Array.isArray((p as OneOf).options);
}

function isKind<T>(p: unknown, kind: string): p is T {
  return typeof p === 'object' && p !== null && !(p instanceof Uint8Array) && (p as { kind?: unknown }).kind === kind;
}

function isAnything(p: unknown): p is Anything {
  return typeof p === 'object' && p !== null && (p as { kind?: unknown }).kind === 'anything' && Object.keys(p).length === 1;
}

/** Renders a value for a report: bytes as UTF-8 when printable, else hex. */
export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) {
      const text = new TextDecoder().decode(x);
      return /^[\x20-\x7e]*$/.test(text) ? `bytes(${text})` : `hex(${Buffer.from(x).toString('hex')})`;
    }
    return x;
  });
}

/** Replaces `'$var'` strings in a request template by their bound values. */
export function substitute<T>(template: T, bindings: Bindings): T {
  if (typeof template === 'string' && template.startsWith('$')) {
    const name = template.slice(1);
    if (!bindings.has(name)) throw new Error(`variable ${template} is used before a response bound it`);
    return bindings.get(name) as T;
  }
  if (template instanceof Uint8Array || template === null || typeof template !== 'object') return template;
  if (Array.isArray(template)) return template.map((x) => substitute(x, bindings)) as T;
  return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, substitute(v, bindings)])) as T;
}

/**
 * Matches `actual` against `pattern`; on success binds new variables into `bindings` and
 * returns undefined, else returns the first mismatch (and binds nothing).
 */
export function match(pattern: Pattern, actual: unknown, bindings: Bindings, path = '$'): Mismatch | undefined {
  const scratch = new Map(bindings);
  const miss = matchInto(pattern, actual, scratch, path);
  if (miss === undefined) for (const [k, v] of scratch) bindings.set(k, v);
  return miss;
}

function matchInto(pattern: Pattern, actual: unknown, b: Bindings, path: string): Mismatch | undefined {
  if (isAnything(pattern)) return undefined;
  if (isKind<StartsWith>(pattern, 'startsWith') && typeof pattern.prefix === 'string') {
    return typeof actual === 'string' && actual.startsWith(pattern.prefix) ? undefined : { path, expected: `a string starting with ${show(pattern.prefix)}`, actual: show(actual) };
  }
  if (isKind<AllOf>(pattern, 'allOf') && Array.isArray(pattern.patterns)) {
    for (const p of pattern.patterns) {
      const m = matchInto(p, actual, b, path);
      if (m) return m;
    }
    return undefined;
  }
  if (isKind<AssignedPattern>(pattern, 'assigned') && typeof pattern.topics === 'object') {
    const m = matchAssigned(pattern, actual, b);
    return m === undefined ? undefined : { path, expected: m.expected, actual: m.actual };
  }
  if (isKind<InAnyOrder>(pattern, 'inAnyOrder') && Array.isArray(pattern.patterns)) return matchInAnyOrder(pattern.patterns, actual, b, path);
  if (isOneOf(pattern)) {
    for (const option of pattern.options) {
      const trial = new Map(b);
      if (matchInto(option, actual, trial, path) === undefined) {
        for (const [k, v] of trial) b.set(k, v);
        return undefined;
      }
    }
    return { path, expected: `one of ${pattern.options.map(show).join(' | ')}`, actual: show(actual) };
  }
  if (typeof pattern === 'string' && pattern.startsWith('$')) {
    const name = pattern.slice(1);
    if (!b.has(name)) {
      b.set(name, actual);
      return undefined;
    }
    return deepEqual(b.get(name), actual) ? undefined : { path, expected: `${pattern} = ${show(b.get(name))}`, actual: show(actual) };
  }
  if (pattern instanceof Uint8Array || pattern === null || typeof pattern !== 'object') {
    return deepEqual(pattern, actual) ? undefined : { path, expected: show(pattern), actual: show(actual) };
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual) || actual.length !== pattern.length) {
      return { path, expected: `array of ${pattern.length}: ${show(pattern)}`, actual: show(actual) };
    }
    for (let i = 0; i < pattern.length; i++) {
      const m = matchInto(pattern[i], actual[i], b, `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof actual !== 'object' || actual === null) return { path, expected: show(pattern), actual: show(actual) };
  for (const [k, v] of Object.entries(pattern)) {
    const m = matchInto(v, (actual as Record<string, unknown>)[k], b, `${path}.${k}`);
    if (m) return m;
  }
  return undefined;
}

/**
 * Matches an array against patterns in any order: each element takes the first pattern still
 * free that matches it, backtracking when a later element finds none (arrays here are small:
 * a group's members).
 */
function matchInAnyOrder(patterns: readonly Pattern[], actual: unknown, b: Bindings, path: string): Mismatch | undefined {
  const fail: Mismatch = { path, expected: `in any order: ${show(patterns)}`, actual: show(actual) };
  if (!Array.isArray(actual) || actual.length !== patterns.length) return fail;
  const used = new Array<boolean>(patterns.length).fill(false);
  const place = (i: number, bound: Bindings): Bindings | undefined => {
    if (i === actual.length) return bound;
    for (let j = 0; j < patterns.length; j++) {
      if (used[j]) continue;
      const trial = new Map(bound);
      if (matchInto(patterns[j], actual[i], trial, `${path}[${i}]`) !== undefined) continue;
      used[j] = true;
      const done = place(i + 1, trial);
      used[j] = false;
      if (done !== undefined) return done;
    }
    return undefined;
  };
  const done = place(0, b);
  if (done === undefined) return fail;
  for (const [k, v] of done) b.set(k, v);
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
