/**
 * Renders the demo's entries as a readable timeline, one line per entry, and summarises the
 * requests and responses of every API the consumer sends (group APIs and cluster APIs).
 */
import type { BrokerRequest, BrokerResponse } from '../broker/kafka-broker.js';
import { decodeAssignment } from '../protocol/consumer-protocol/index.js';
import { errorName } from '../protocol/errors.js';
import type { GroupRequest, GroupResponse, RecordBatch } from '../protocol/messages/index.js';
import type { DemoEntry } from './demo-recorder.js';

/** A ConsumerProtocol assignment as `orders-0,3` (`""` when empty, the raw size when it does not decode). */
function assignment(bytes: Uint8Array): string {
  if (bytes.length === 0) return '""';
  try {
    const byTopic = new Map<string, number[]>();
    for (const tp of decodeAssignment(bytes).partitions) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
    return [...byTopic].map(([topic, ps]) => `${topic}-${ps.join(',')}`).join(' ') || 'none';
  } catch {
    return `${bytes.length} bytes`;
  }
}

/** `NAME(code)`, as Kafka's error tables print it. */
function err(code: number): string {
  return `${errorName(code)}(${code})`;
}

/** `topic-partition:value` pairs, in the order given. */
function pairs<P extends { readonly partitionIndex: number }>(topics: readonly { readonly name: string; readonly partitions: readonly P[] }[], value: (p: P) => string | number): string {
  return topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${value(p)}`)).join(' ');
}

/** A one-line summary of a group API request. */
function describeGroupRequest(r: GroupRequest): string {
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
      return `OffsetCommit v${r.version} gen=${r.generationIdOrMemberEpoch} member=${r.memberId || '""'} ${pairs(r.topics, (p) => p.committedOffset)}`;
    case 'OffsetFetch': {
      const groups = r.groups ?? [{ groupId: r.groupId ?? '', topics: r.topics ?? null }];
      const parts = (t: readonly { name: string; partitionIndexes: readonly number[] }[] | null): string => (t === null ? 'all' : t.map((x) => `${x.name}-${x.partitionIndexes.join(',')}`).join(' '));
      return `OffsetFetch v${r.version} ${groups.map((g) => `${g.groupId}:${parts(g.topics)}`).join(' ')}`;
    }
    case 'OffsetDelete':
      return `OffsetDelete v${r.version} group=${r.groupId} topics=[${r.topics.map((t) => t.name).join(',')}]`;
    case 'DeleteGroups':
      return `DeleteGroups v${r.version} groups=[${r.groupsNames.join(',')}]`;
    case 'ConsumerGroupHeartbeat': {
      const owned = r.topicPartitions === null ? '' : ` owned=${r.topicPartitions.reduce((n, t) => n + t.partitions.length, 0)}`;
      const topics = r.subscribedTopicNames === null ? '' : ` topics=[${r.subscribedTopicNames.join(',')}]`;
      return `ConsumerGroupHeartbeat v${r.version} group=${r.groupId} member=${r.memberId || '""'} epoch=${r.memberEpoch}${topics}${r.subscribedTopicRegex === null ? '' : ` regex=${r.subscribedTopicRegex}`}${owned}`;
    }
    case 'ConsumerGroupDescribe':
      return `ConsumerGroupDescribe v${r.version} groups=[${r.groupIds.join(',')}]`;
  }
}

/** A one-line summary of a request to a broker. */
export function describeRequest(r: BrokerRequest): string {
  switch (r.api) {
    case 'FindCoordinator':
      return `FindCoordinator v${r.version} keys=[${(r.coordinatorKeys.length ? r.coordinatorKeys : [r.key]).join(',')}]`;
    case 'Metadata':
      return `Metadata v${r.version} topics=[${r.topics?.map((t) => t.name).join(',') ?? 'all'}]`;
    case 'ListOffsets': {
      const at = (ts: number): string => (ts === -2 ? 'earliest' : ts === -1 ? 'latest' : `${ts}`);
      return `ListOffsets v${r.version} ${r.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${at(p.timestamp)}`)).join(' ')}`;
    }
    case 'Fetch':
      return `Fetch v${r.version} ${r.topics.flatMap((t) => t.partitions.map((p) => `${t.topic}-${p.partition}@${p.fetchOffset}`)).join(' ')}`;
    case 'Produce':
      return `Produce v${r.version} ${r.topicData.flatMap((t) => t.partitionData.map((p) => `${t.name}-${p.index}:${recordCount(p.records ?? [])} records`)).join(' ')}`;
    case 'CreateTopics':
      return `CreateTopics v${r.version} ${r.topics.map((t) => `${t.name}(${t.numPartitions}x${t.replicationFactor})`).join(' ')}`;
    case 'DeleteTopics':
      return `DeleteTopics v${r.version} ${[...r.topicNames, ...r.topics.map((t) => t.name ?? t.topicId)].join(' ')}`;
    case 'InitProducerId':
      return `InitProducerId v${r.version}`;
    default:
      return describeGroupRequest(r);
  }
}

/** A one-line summary of a group API response. */
function describeGroupResponse(r: GroupResponse): string {
  switch (r.api) {
    case 'JoinGroup':
      return r.errorCode === 0
        ? `JoinGroup ${err(r.errorCode)} gen=${r.generationId} member=${r.memberId} leader=${r.leader} protocol=${r.protocolName}${r.members.length ? ` members=${r.members.length}` : ''}`
        : `JoinGroup ${err(r.errorCode)} member=${r.memberId || '""'}`;
    case 'SyncGroup':
      return r.errorCode === 0 ? `SyncGroup ${err(r.errorCode)} assignment=${assignment(r.assignment)}` : `SyncGroup ${err(r.errorCode)}`;
    case 'Heartbeat':
      return `Heartbeat ${err(r.errorCode)}`;
    case 'LeaveGroup':
      return `LeaveGroup ${err(r.errorCode)}${r.members.length ? ` members=[${r.members.map((m) => `${m.memberId}:${errorName(m.errorCode)}`).join(',')}]` : ''}`;
    case 'DescribeGroups':
      return `DescribeGroups ${r.groups.map((g) => `${g.groupId}:${g.groupState}(${g.members.length} members)`).join(' ')}`;
    case 'ListGroups':
      return `ListGroups ${err(r.errorCode)} groups=[${r.groups.map((g) => g.groupId).join(',')}]`;
    case 'OffsetCommit':
      return `OffsetCommit ${pairs(r.topics, (p) => errorName(p.errorCode))}`;
    case 'OffsetFetch': {
      const groups = r.groups.length ? r.groups : [{ groupId: '', topics: r.topics, errorCode: r.errorCode }];
      return `OffsetFetch ${groups.map((g) => `${err(g.errorCode)}${g.topics.length ? ` ${pairs(g.topics, (p) => (p.errorCode === 0 ? p.committedOffset : errorName(p.errorCode)))}` : ''}`).join(' ')}`;
    }
    case 'OffsetDelete':
      return `OffsetDelete ${err(r.errorCode)} partitions=${r.topics.reduce((n, t) => n + t.partitions.length, 0)}`;
    case 'DeleteGroups':
      return `DeleteGroups ${r.results.map((g) => `${g.groupId}:${errorName(g.errorCode)}`).join(' ')}`;
    case 'ConsumerGroupHeartbeat': {
      if (r.errorCode !== 0) return `ConsumerGroupHeartbeat ${err(r.errorCode)}`;
      const assigned = r.assignment === null ? '' : ` assignment=${r.assignment.topicPartitions.reduce((n, t) => n + t.partitions.length, 0)} partitions`;
      return `ConsumerGroupHeartbeat ${err(r.errorCode)} member=${r.memberId ?? ''} epoch=${r.memberEpoch}${assigned}`;
    }
    case 'ConsumerGroupDescribe':
      return `ConsumerGroupDescribe ${r.groups.map((g) => `${g.groupId}:${g.errorCode === 0 ? `${g.groupState} epoch=${g.groupEpoch}(${g.members.length} members)` : errorName(g.errorCode)}`).join(' ')}`;
  }
}

/** A one-line summary of a broker's response. */
export function describeResponse(r: BrokerResponse): string {
  switch (r.api) {
    case 'FindCoordinator':
      return r.coordinators.length
        ? `FindCoordinator ${r.coordinators.map((c) => `${c.key}:${err(c.errorCode)}${c.errorCode === 0 ? ` coordinator=b${c.nodeId}` : ''}`).join(' ')}`
        : `FindCoordinator ${err(r.errorCode)}${r.errorCode === 0 ? ` coordinator=b${r.nodeId}` : ''}`;
    case 'Metadata':
      return `Metadata brokers=[${r.brokers.map((b) => `b${b.nodeId}`).join(',')}] ${r.topics.map((t) => (t.errorCode === 0 ? `${t.name}: leaders=[${t.partitions.map((p) => `b${p.leaderId}`).join(',')}]` : `${t.name}:${errorName(t.errorCode)}`)).join(' ')}`;
    case 'ListOffsets':
      return `ListOffsets ${r.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${p.errorCode === 0 ? p.offset : errorName(p.errorCode)}`)).join(' ')}`;
    case 'Fetch':
      if (r.errorCode !== 0) return `Fetch ${err(r.errorCode)}`;
      return `Fetch ${r.responses.flatMap((t) => t.partitions.map((p) => `${t.topic}-${p.partitionIndex}:${p.errorCode === 0 ? `${recordCount(p.records)} records` : errorName(p.errorCode)}`)).join(' ')}`;
    case 'Produce':
      return `Produce ${r.responses.flatMap((t) => t.partitionResponses.map((p) => `${t.name}-${p.index}:${p.errorCode === 0 ? `@${p.baseOffset}` : errorName(p.errorCode)}`)).join(' ')}`;
    case 'CreateTopics':
      return `CreateTopics ${r.topics.map((t) => `${t.name}:${errorName(t.errorCode)}`).join(' ')}`;
    case 'DeleteTopics':
      return `DeleteTopics ${r.responses.map((t) => `${t.name ?? t.topicId}:${errorName(t.errorCode)}`).join(' ')}`;
    case 'InitProducerId':
      return r.errorCode === 0 ? `InitProducerId id=${r.producerId} epoch=${r.producerEpoch}` : `InitProducerId ${err(r.errorCode)}`;
    default:
      return describeGroupResponse(r);
  }
}

/** How many records some record batches hold. */
function recordCount(batches: readonly RecordBatch[]): number {
  return batches.reduce((n, b) => n + (b.encodedRecords?.count ?? b.records.length), 0);
}

/** `    500 ms`: a fixed-width time column. */
function at(ms: number): string {
  return `${String(ms).padStart(7)} ms`;
}

/** One entry as a timeline line (ids not yet shortened). */
export function formatEntry(e: DemoEntry): string {
  const t = at(e.atMs);
  switch (e.kind) {
    case 'request':
      return `${t}  ${e.who.padEnd(4)} -> b${e.node}  ${describeRequest(e.request)}`;
    case 'response':
      return `${t}  ${e.who.padEnd(4)} <- b${e.node}  ${describeResponse(e.response)}`;
    case 'networkError':
      return `${t}  ${e.who.padEnd(4)} x- b${e.node}  ${e.api}: ${e.reason}`;
    case 'member':
      return e.from === e.to ? `${t}  ${e.who.padEnd(4)} state  ${e.cause}` : `${t}  ${e.who.padEnd(4)} state  ${e.from} -> ${e.to} (${e.cause})`;
    case 'app':
      return `${t}  ${e.who.padEnd(4)} app    ${e.text}`;
    case 'group':
      return `${t}  ${`b${e.node}`.padEnd(4)} group  ${e.text}`;
    case 'note':
      return `${t}  ---- ${e.text}`;
  }
}
