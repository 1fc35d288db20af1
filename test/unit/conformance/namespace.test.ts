/**
 * The runner's names at the target boundary: group ids and topics unique to the run, except
 * the empty group id, which scenarios send to see it rejected.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '../../../src/conformance/namespace.js';
import { heartbeat, syncGroup } from '../../../src/conformance/scenario.js';

describe('Namespace', () => {
  it('[TRC-01] prefixes group ids but keeps the empty group id empty, so the broker still answers it 24', () => {
    const ns = new Namespace('kgs-x-3-');
    expect(ns.name('g')).toBe('kgs-x-3-g');
    expect(ns.name('')).toBe('');
    expect(ns.outbound(heartbeat({ groupId: '' }))).toMatchObject({ groupId: '' });
    expect(ns.outbound(syncGroup({ groupId: 'g' }))).toMatchObject({ groupId: 'kgs-x-3-g' });
  });
});
