/**
 * What a refused library request says (ERR-01): the field and, in words, what was wrong with it,
 * so a caller can fix the request without reading the validator. Each case also pins a bound or
 * a type check the validator applies.
 */
import { describe, expect, it } from 'vitest';
import { heartbeat, joinGroup, protocols, syncGroup } from '../../../src/conformance/scenario.js';
import { InvalidRequestError } from '../../../src/protocol/invariant.js';
import type { GroupRequest, JoinGroupProtocol } from '../../../src/protocol/messages/index.js';
import { validateRequest } from '../../../src/protocol/validate.js';
import { deleteGroups, offsetCommit, offsetFetch, part, topic } from '../../../spec/scenarios/offset-helpers.js';

/** The message `request` is refused with. */
function refusal(request: unknown): string {
  try {
    validateRequest(request as GroupRequest);
  } catch (e) {
    if (e instanceof InvalidRequestError) return e.message;
    throw e;
  }
  throw new Error('expected the request to be refused');
}

const accepts = (request: unknown) => expect(() => validateRequest(request as GroupRequest)).not.toThrow();

describe('[ERR-01] numbers', () => {
  it('[ERR-01] an int32 field takes every int32 and says why it refuses anything else', () => {
    accepts(heartbeat({ generationId: -(2 ** 31) }));
    accepts(heartbeat({ generationId: 2 ** 31 - 1 }));
    expect(refusal(heartbeat({ generationId: 2 ** 31 }))).toBe('generationId: must be an int32 (-2147483648..2147483647), got 2147483648');
    expect(refusal(heartbeat({ generationId: -(2 ** 31) - 1 }))).toBe('generationId: must be an int32 (-2147483648..2147483647), got -2147483649');
    expect(refusal(heartbeat({ generationId: 0.5 }))).toBe('generationId: must be an int32 (-2147483648..2147483647), got 0.5');
    expect(refusal({ ...heartbeat(), generationId: '1' })).toBe('generationId: must be an int32 number, got string');
  });

  it('[ERR-01] an int64 field takes integers JavaScript holds exactly', () => {
    accepts(offsetCommit({ topics: [topic('t', part(0, 2 ** 53 - 1))] }));
    expect(refusal(offsetCommit({ topics: [topic('t', part(0, 2 ** 53))] }))).toBe(
      'topics[0].partitions[0].committedOffset: must be an integer of at most 2^53-1 in magnitude, got 9007199254740992',
    );
    expect(refusal(offsetCommit({ topics: [topic('t', part(0, '5' as never))] }))).toBe('topics[0].partitions[0].committedOffset: must be an int64 number, got string');
  });
});

describe('[ERR-01] strings and bytes', () => {
  it('[ERR-01] a string of up to 32767 characters, and what was given instead', () => {
    accepts(heartbeat({ memberId: 'm'.repeat(32767) }));
    expect(refusal(heartbeat({ memberId: 'm'.repeat(32768) }))).toBe('memberId: is longer than a Kafka STRING can carry (32767)');
    expect(refusal({ ...heartbeat(), memberId: 7 })).toBe('memberId: must be a string, got 7');
    expect(refusal({ ...heartbeat(), memberId: true })).toBe('memberId: must be a string, got boolean');
    expect(refusal({ ...heartbeat(), groupId: null })).toBe('groupId: must be a string, got null');
    const { memberId: _omit, ...noMember } = heartbeat() as GroupRequest & { memberId: string };
    expect(refusal(noMember)).toBe('memberId: must be a string, got nothing (the field is required)');
  });

  it('[ERR-01] a nullable string is null, absent or a string', () => {
    accepts(joinGroup({ version: 5, groupInstanceId: null }));
    const { groupInstanceId: _omit, ...absent } = joinGroup({ version: 4 }) as GroupRequest & { groupInstanceId: unknown };
    accepts(absent);
    accepts({ ...joinGroup({ version: 4 }), groupInstanceId: undefined });
    expect(refusal({ ...joinGroup({ version: 5 }), groupInstanceId: 7 })).toBe('groupInstanceId: must be a string, got 7');
    expect(refusal(joinGroup({ version: 4, groupInstanceId: 'i1' }))).toBe('groupInstanceId: is not carried by JoinGroup v4 (needs v5+)');
  });

  it('[ERR-01] bytes are a Uint8Array', () => {
    const assignments = [{ memberId: 'm', assignment: 'x' as never }];
    expect(refusal(syncGroup({ assignments }))).toBe('assignments[0].assignment: must be a Uint8Array, got string');
  });
});

describe('[ERR-01] lists', () => {
  it('[ERR-01] JoinGroup protocols: an array of { name, metadata }; holes are skipped', () => {
    expect(refusal({ ...joinGroup(), protocols: 'range' })).toBe('protocols: must be an array, got string');
    expect(refusal(joinGroup({ protocols: [null as never] }))).toBe('protocols[0]: must be an object { name, metadata }');
    expect(refusal(joinGroup({ protocols: ['range' as never] }))).toBe('protocols[0]: must be an object { name, metadata }');
    const [p] = protocols('range') as [JoinGroupProtocol];
    expect(refusal(joinGroup({ protocols: [{ ...p, name: 'n'.repeat(32768) }] }))).toBe('protocols[0].name: is longer than a Kafka STRING can carry (32767)');
    const sparse: JoinGroupProtocol[] = [];
    sparse[1] = p;
    accepts(joinGroup({ protocols: sparse }));
  });

  it('[ERR-01] lists of objects, of int32 and of strings name the element or the list', () => {
    expect(refusal({ ...offsetCommit(), topics: ['t'] })).toBe('topics[0]: must be an object { name, partitions }');
    const fetch = offsetFetch('g', { t: [0] }) as GroupRequest & { groups: { topics: { partitionIndexes: unknown }[] }[] };
    const badIndexes = { ...fetch, groups: [{ ...(fetch.groups[0] as object), topics: [{ name: 't', partitionIndexes: 0 }] }] };
    expect(refusal(badIndexes)).toBe('groups[0].topics[0].partitionIndexes: must be an array of int32, got 0');
    expect(refusal({ ...deleteGroups(['a']), groupsNames: 'a' })).toBe('groupsNames: must be an array of strings, got string');
    expect(refusal({ ...fetch, requireStable: 'yes' })).toBe('requireStable: must be a boolean, got string');
  });
});
