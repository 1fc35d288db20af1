/**
 * The runner's names at the target boundary: a run's prefix on every group and topic, except the
 * empty group id, which the scenarios about invalid ids must send as it is.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '../../../src/conformance/namespace.js';
import { heartbeat, joinGroup } from '../../../src/conformance/scenario.js';

describe('Namespace', () => {
  const ns = new Namespace('run-1-');

  it('prefixes group ids and topic names', () => {
    expect(ns.name('g')).toBe('run-1-g');
    expect(ns.topics([{ name: 't', partitions: 2 }])).toEqual([{ name: 'run-1-t', partitions: 2 }]);
    expect(ns.outbound(joinGroup({ groupId: 'g' }))).toMatchObject({ groupId: 'run-1-g' });
  });

  it('sends the empty group id as it is, so the broker refuses it as invalid', () => {
    expect(ns.name('')).toBe('');
    expect(ns.outbound(heartbeat({ groupId: '' }))).toMatchObject({ groupId: '' });
  });
});
