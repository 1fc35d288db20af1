/**
 * The runner's names at the target boundary: group ids made unique per run, except the empty
 * group id, which must reach the broker as the invalid id it is.
 */
import { describe, expect, it } from 'vitest';
import { Namespace } from '../../../src/conformance/namespace.js';
import { describeGroups, heartbeat, joinGroup } from '../../../src/conformance/scenario.js';

describe('Namespace', () => {
  const ns = new Namespace('run-0-');

  it('[CONF-05] prefixes group ids in requests', () => {
    expect(ns.outbound(joinGroup({ groupId: 'g' }))).toMatchObject({ groupId: 'run-0-g' });
    expect(ns.outbound(describeGroups(['g', 'h']))).toMatchObject({ groups: ['run-0-g', 'run-0-h'] });
  });

  it('[CONF-05] keeps the empty group id empty: a prefix would turn INVALID_GROUP_ID into a valid group', () => {
    expect(ns.name('')).toBe('');
    expect(ns.outbound(joinGroup({ groupId: '' }))).toMatchObject({ groupId: '' });
    expect(ns.outbound(heartbeat({ groupId: '' }))).toMatchObject({ groupId: '' });
    expect(ns.outbound(describeGroups(['', 'g']))).toMatchObject({ groups: ['', 'run-0-g'] });
  });
});
