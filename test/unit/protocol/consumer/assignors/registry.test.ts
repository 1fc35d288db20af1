/**
 * The server assignor registry and the `uniform` dispatch (Kafka's `UniformAssignor.assign`).
 */
import { describe, expect, it } from 'vitest';
import { SERVER_ASSIGNORS, serverAssignor } from '../../../../../src/protocol/consumer/assignors/index.js';
import { assignUniform } from '../../../../../src/protocol/consumer/assignors/uniform.js';
import { assignUniformHeterogeneous } from '../../../../../src/protocol/consumer/assignors/uniform-heterogeneous.js';
import { assignUniformHomogeneous } from '../../../../../src/protocol/consumer/assignors/uniform-homogeneous.js';
import { K1, K2, group, mk, showAll, topics, tp } from './helpers.js';
import { InvariantViolation } from '../../../../../src/protocol/invariant.js';

describe('server assignors', () => {
  it('[SA-07] uniform then range, by name; no other', () => {
    expect([...SERVER_ASSIGNORS.keys()]).toEqual(['uniform', 'range']);
    expect(serverAssignor('uniform')?.name).toBe('uniform');
    expect(serverAssignor('range')?.name).toBe('range');
    expect(serverAssignor('sticky')).toBeUndefined();
    expect(serverAssignor('uniform')!.assign(group({}, 'HOMOGENEOUS'), topics({})).size).toBe(0);
  });

  it('[SA-20] the subscription type picks the builder', () => {
    // The homogeneous builder trusts the type and reads the first member's topics only, so the
    // same members labelled HOMOGENEOUS give B partitions of topic1.
    const members = { A: { topics: [K1], assignment: mk(tp(K1, 0)) }, B: { topics: [K2] } };
    const t = topics({ [K1]: 2, [K2]: 2 });
    const homogeneous = group(members, 'HOMOGENEOUS');
    const heterogeneous = group(members, 'HETEROGENEOUS');
    expect(showAll(assignUniform(homogeneous, t))).toEqual(showAll(assignUniformHomogeneous(homogeneous, t)));
    expect(showAll(assignUniform(heterogeneous, t))).toEqual(showAll(assignUniformHeterogeneous(heterogeneous, t)));
    expect(showAll(assignUniform(homogeneous, t))).toEqual({ A: { topic1: [0] }, B: { topic1: [1] } });
    expect(showAll(assignUniform(heterogeneous, t))).toEqual({ A: { topic1: [0, 1] }, B: { topic2: [0, 1] } });
  });

  it('[SA-03] asking a group spec for a member it does not hold is a bug: InvariantViolation (Kafka: IllegalArgumentException)', () => {
    const g = group({ A: { topics: [K1] } }, 'HOMOGENEOUS');
    expect(() => g.memberSubscription('Z')).toThrow(InvariantViolation);
    expect(g.isPartitionAssigned(K1, 0)).toBe(false);
  });
});
