/**
 * Renders runtime events as a readable timeline, one line per event.
 */
import type { RuntimeEvent } from '../broker/group-coordinator.js';
import { errorName } from '../protocol/errors.js';
import type { GroupRequest, GroupResponse } from '../protocol/messages.js';

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** A one-line summary of a request. */
export function describeRequest(r: GroupRequest): string {
  switch (r.api) {
    case 'JoinGroup':
      return `JoinGroup v${r.version} group=${r.groupId} member=${r.memberId || '""'} protocols=[${r.protocols.map((p) => p.name).join(',')}]`;
    case 'SyncGroup':
      return `SyncGroup v${r.version} gen=${r.generationId} member=${r.memberId}${r.assignments.length ? ` assignments=${r.assignments.length}` : ''}`;
    case 'Heartbeat':
      return `Heartbeat v${r.version} gen=${r.generationId} member=${r.memberId}`;
    case 'LeaveGroup':
      return `LeaveGroup v${r.version} members=[${(r.members?.map((m) => m.memberId) ?? [r.memberId]).join(',')}]`;
    case 'DescribeGroups':
      return `DescribeGroups v${r.version} groups=[${r.groups.join(',')}]`;
    case 'ListGroups':
      return `ListGroups v${r.version}${r.statesFilter.length ? ` states=[${r.statesFilter.join(',')}]` : ''}`;
    case 'OffsetCommit':
      return `OffsetCommit v${r.version} group=${r.groupId} gen=${r.generationIdOrMemberEpoch} member=${r.memberId || '""'} partitions=${r.topics.reduce((n, t) => n + t.partitions.length, 0)}`;
    case 'OffsetFetch':
      return `OffsetFetch v${r.version} groups=[${(r.groups?.map((g) => g.groupId) ?? [r.groupId]).join(',')}]`;
    case 'OffsetDelete':
      return `OffsetDelete v${r.version} group=${r.groupId} topics=[${r.topics.map((t) => t.name).join(',')}]`;
    case 'DeleteGroups':
      return `DeleteGroups v${r.version} groups=[${r.groupsNames.join(',')}]`;
  }
}

/** A one-line summary of a response. */
export function describeResponse(r: GroupResponse): string {
  if (r.api === 'DescribeGroups') return `DescribeGroups ${r.groups.map((g) => `${g.groupId}:${g.groupState}(${g.members.length} members)`).join(' ')}`;
  if (r.api === 'OffsetCommit') return `OffsetCommit ${r.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${errorName(p.errorCode)}`)).join(' ')}`;
  if (r.api === 'DeleteGroups') return `DeleteGroups ${r.results.map((g) => `${g.groupId}:${errorName(g.errorCode)}`).join(' ')}`;
  const err = `${errorName(r.errorCode)}(${r.errorCode})`;
  switch (r.api) {
    case 'JoinGroup':
      return r.errorCode === 0
        ? `JoinGroup ${err} gen=${r.generationId} member=${r.memberId} leader=${r.leader} protocol=${r.protocolName}${r.members.length ? ` members=${r.members.length}` : ''}`
        : `JoinGroup ${err} member=${r.memberId || '""'}`;
    case 'SyncGroup':
      return r.errorCode === 0 ? `SyncGroup ${err} assignment="${text(r.assignment)}"` : `SyncGroup ${err}`;
    case 'Heartbeat':
      return `Heartbeat ${err}`;
    case 'LeaveGroup':
      return `LeaveGroup ${err}${r.members.length ? ` members=[${r.members.map((m) => `${m.memberId}:${errorName(m.errorCode)}`).join(',')}]` : ''}`;
    case 'ListGroups':
      return `ListGroups ${err} groups=[${r.groups.map((g) => g.groupId).join(',')}]`;
    case 'OffsetFetch':
      return `OffsetFetch ${err} groups=${Math.max(r.groups.length, 1)}`;
    case 'OffsetDelete':
      return `OffsetDelete ${err} partitions=${r.topics.reduce((n, t) => n + t.partitions.length, 0)}`;
  }
}

/** Formats one event; `who` names the client that sent a request id. */
export function formatEvent(e: RuntimeEvent, who: (requestId: string) => string): string {
  const t = `${String(e.atMs).padStart(7)} ms`;
  switch (e.type) {
    case 'request':
      return `${t}  ${who(e.requestId).padEnd(4)} -> ${describeRequest(e.request)}`;
    case 'response':
      return `${t}  ${who(e.requestId).padEnd(4)} <- ${describeResponse(e.response)}`;
    case 'timer': {
      const ev = e.event;
      const subject = 'memberId' in ev ? ` member=${ev.memberId}` : 'generationId' in ev ? ` gen=${ev.generationId}` : '';
      return `${t}  timer   ${ev.type}${'groupId' in ev ? ` group=${ev.groupId}` : ''}${subject}`;
    }
    case 'transition':
      return `${t}  group   ${e.groupId}: ${e.from} -> ${e.to}`;
  }
}
