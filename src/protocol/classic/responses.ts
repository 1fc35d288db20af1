/**
 * Response builders, shaped by the request version the response answers.
 * @see spec/versions.md
 */
import type { ClassicGroup } from '../group.js';
import { EMPTY_BYTES, metadataFor } from '../group.js';
import type { JoinGroupResponse, JoinGroupResponseMember, SyncGroupResponse } from '../messages/index.js';

/**
 * JoinGroup v0-6 carry a non-nullable protocol name, so the broker sends `""` for null; from
 * v7 it is nullable and the broker sends null for `""` (JoinGroupResponse, KIP-559; VER-02).
 */
function protocolNameFor(version: number, name: string | null): string | null {
  return version >= 7 ? (name === '' ? null : name) : (name ?? '');
}

/** A JoinGroup error response: generation -1, no leader, protocol, or members (JG-03). */
export function joinGroupError(version: number, errorCode: number, memberId: string): JoinGroupResponse {
  return {
    api: 'JoinGroup',
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: protocolNameFor(version, null),
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

/**
 * What a successful JoinGroup answer shows of its group: the generation, the protocol, the
 * leader and the members' ids and protocol metadata. A {@link ClassicGroup} is one; the end of a
 * join phase builds one for the generation it is writing.
 */
export type GenerationView = Pick<ClassicGroup, 'generationId' | 'protocolType' | 'protocolName' | 'leaderId' | 'members'>;

/** The member list the leader receives: every member with its metadata for the selected protocol, in join order (JG-03, GS-13). */
export function leaderMemberList(group: GenerationView, version: number): JoinGroupResponseMember[] {
  return [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    // The field is v5+ and ignorable: older versions carry no instance id (VER-08, ST-01).
    groupInstanceId: version >= 5 ? m.groupInstanceId : null,
    metadata: metadataFor(m, group.protocolName),
  }));
}

/**
 * A successful JoinGroup response for the group's current generation. Only the leader gets
 * the member list (JG-03).
 */
export function joinGroupSuccess(version: number, group: GenerationView, memberId: string): JoinGroupResponse {
  return {
    api: 'JoinGroup',
    errorCode: 0,
    generationId: group.generationId,
    protocolType: version >= 7 ? group.protocolType : null,
    protocolName: protocolNameFor(version, group.protocolName),
    leader: group.leaderId ?? '',
    skipAssignment: false,
    memberId,
    members: group.leaderId === memberId ? leaderMemberList(group, version) : [],
  };
}

/** A SyncGroup error response: no protocol type or name, empty assignment (SG-05). */
export function syncGroupError(errorCode: number): SyncGroupResponse {
  return { api: 'SyncGroup', errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}

/** A successful SyncGroup response carrying the member's assignment (type and name from v5: SG-05, VER-05). */
export function syncGroupSuccess(version: number, group: ClassicGroup, assignment: Uint8Array): SyncGroupResponse {
  return {
    api: 'SyncGroup',
    errorCode: 0,
    protocolType: version >= 5 ? group.protocolType : null,
    protocolName: version >= 5 ? group.protocolName : null,
    assignment,
  };
}
