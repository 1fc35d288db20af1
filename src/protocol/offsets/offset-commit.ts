/**
 * OffsetCommit (api key 8), versions 0-9: the coordinator side, with the API layer's
 * per-partition check in front of it.
 * @see spec/offsets.md OC-01..OC-12
 * @see Kafka `OffsetMetadataManager.commitOffset`, `validateOffsetCommit`;
 *   `ClassicGroup.validateOffsetCommit`; `KafkaApis.handleOffsetCommitRequest`
 */
import { ErrorCodes } from '../errors.js';
import { validateMember } from '../group.js';
import type { OffsetCommitRequest, OffsetCommitRequestPartition, OffsetTopicResult, RequestEnvelope } from '../messages/index.js';
import { NO_GENERATION_ID, NO_OFFSET, UNKNOWN_MEMBER_ID } from '../messages/index.js';
import type { OffsetCommitValue } from '../records.js';
import { newOffsetCommitRecord } from '../records.js';
import type { CoordinatorState } from '../replay.js';
import { scheduleSession } from '../classic/rebalance.js';
import type { HandlerContext, HandlerResult } from '../handler/index.js';
import { GroupDraft, ResultBuilder } from '../handler/index.js';
import type { ConsumerGroup } from '../consumer/group.js';
import { validateConsumerOffsetCommit } from '../consumer/admin.js';
import { armOffsetsCleanup } from './expiration.js';
import { allPartitions, splitUnknownPartitions, TopicResults } from './topic-results.js';

/** The request's group fields as the broker reads them: absent fields take their defaults (OC-11, OC-12). */
interface CommitIdentity {
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** Handles an OffsetCommit request. */
export function offsetCommit(state: CoordinatorState, env: RequestEnvelope<OffsetCommitRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const consumer = state.consumerGroups.get(req.groupId);
  if (consumer !== undefined) return commitToConsumerGroup(state, consumer, env, ctx);
  const draft = new GroupDraft(state, req.groupId, ctx);
  const results = new TopicResults();
  const valid = splitUnknownPartitions(req.topics, ctx, results);
  // OC-02: when no partition is left the API layer answers alone; the group is not touched.
  if (valid.length > 0) results.merge(commitToGroup(draft, req, valid, state.offsets.size > 0));
  draft.respond(requestId, { api: 'OffsetCommit', topics: results.toArray() });
  return draft.result();
}

/** The coordinator's part: validation, session refresh, one record per accepted partition (OC-01: a whole-request outcome on every partition). */
function commitToGroup(
  draft: GroupDraft,
  req: OffsetCommitRequest,
  topics: readonly { readonly name: string; readonly partitions: readonly OffsetCommitRequestPartition[] }[],
  hadOffsets: boolean,
): OffsetTopicResult[] {
  const id: CommitIdentity = {
    generationId: req.version >= 1 ? req.generationIdOrMemberEpoch : NO_GENERATION_ID,
    memberId: req.version >= 1 ? req.memberId : UNKNOWN_MEMBER_ID,
    groupInstanceId: req.groupInstanceId,
  };
  const error = validateCommit(draft, req.version, id);
  if (error !== ErrorCodes.NONE) return allPartitions(topics, error);
  const g = draft.existing();
  if (g.state === 'Stable' || g.state === 'PreparingRebalance') {
    // OC-09: a commit keeps the session alive. Validation passed, so the member exists.
    const member = g.members.get(id.memberId);
    if (member !== undefined) scheduleSession(draft, member.memberId, member.sessionTimeoutMs);
  }
  return writeCommits(draft, req, topics, hadOffsets);
}

/**
 * A validated commit: one OffsetCommit record per partition whose metadata fits, the same for
 * classic and consumer groups (OC-10, OC-11; CGO-14).
 */
function writeCommits(
  draft: ResultBuilder,
  req: OffsetCommitRequest,
  topics: readonly { readonly name: string; readonly partitions: readonly OffsetCommitRequestPartition[] }[],
  hadOffsets: boolean,
): OffsetTopicResult[] {
  const retentionTimeMs = req.version >= 2 && req.version <= 4 ? req.retentionTimeMs : NO_OFFSET;
  const maxMetadata = draft.ctx.config.offsetMetadataMaxBytes;
  let written = 0;
  const out = topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p) => {
      // OC-10: Java's String.length() counts UTF-16 code units, as JavaScript's does.
      if (p.committedMetadata !== null && p.committedMetadata.length > maxMetadata) {
        return { partitionIndex: p.partitionIndex, errorCode: ErrorCodes.OFFSET_METADATA_TOO_LARGE };
      }
      draft.emit(newOffsetCommitRecord(req.groupId, topic.name, p.partitionIndex, committedValue(req.version, p, retentionTimeMs, draft.ctx.nowMs)));
      written++;
      return { partitionIndex: p.partitionIndex, errorCode: ErrorCodes.NONE };
    }),
  }));
  // EXP-01: the first offset of a coordinator that held none starts the periodic cleanup.
  if (written > 0 && !hadOffsets) armOffsetsCleanup(draft);
  return out;
}

/**
 * The checks of OC-03..OC-08 in Kafka's order; NONE when the commit may proceed. A commit
 * with a negative generation to an unknown group creates it (a simple group, OC-04).
 */
function validateCommit(draft: GroupDraft, version: number, id: CommitIdentity): number {
  if (draft.group() === undefined) {
    if (id.generationId >= 0) return version >= 9 ? ErrorCodes.GROUP_ID_NOT_FOUND : ErrorCodes.ILLEGAL_GENERATION; // OC-03
    draft.emit({ type: 'GroupCreated', groupId: draft.groupId, nowMs: draft.ctx.nowMs }); // OC-04
  }
  const g = draft.existing();
  if (g.state === 'Dead') return ErrorCodes.COORDINATOR_NOT_AVAILABLE; // OC-05
  // KAFKA-14201: admin tools and assign()-mode consumers commit with generation -1 to an Empty
  // group whatever member and instance ids they carry (OC-06).
  if (id.generationId < 0 && g.state === 'Empty') return ErrorCodes.NONE;
  if (id.generationId >= 0 || id.memberId !== UNKNOWN_MEMBER_ID || id.groupInstanceId !== null) {
    const memberError = validateMember(g, id.memberId, id.groupInstanceId);
    if (memberError !== ErrorCodes.NONE) return memberError; // OC-07
    if (id.generationId !== g.generationId) return ErrorCodes.ILLEGAL_GENERATION; // OC-07
  } else {
    // An anonymous commit (no generation, member or instance) to a group that is not Empty (OC-07).
    return ErrorCodes.UNKNOWN_MEMBER_ID;
  }
  // The member holds the new generation from JoinGroup but has not synced yet (OC-08).
  if (g.state === 'CompletingRebalance') return ErrorCodes.REBALANCE_IN_PROGRESS;
  return ErrorCodes.NONE;
}

/**
 * A commit to a consumer group (KIP-848): the API layer's partition check (OC-02), then the
 * member-epoch checks of CGO-09..CGO-12 instead of generations. No session is refreshed: a
 * consumer-group member's session is kept by its heartbeats alone (CGO-14).
 */
function commitToConsumerGroup(state: CoordinatorState, group: ConsumerGroup, env: RequestEnvelope<OffsetCommitRequest>, ctx: HandlerContext): HandlerResult {
  const { request: req, requestId } = env;
  const out = new ResultBuilder(ctx);
  const results = new TopicResults();
  const valid = splitUnknownPartitions(req.topics, ctx, results);
  if (valid.length > 0) {
    const memberEpoch = req.version >= 1 ? req.generationIdOrMemberEpoch : NO_GENERATION_ID;
    const memberId = req.version >= 1 ? req.memberId : UNKNOWN_MEMBER_ID;
    const error = validateConsumerOffsetCommit(group, memberId, memberEpoch, req.version);
    results.merge(error === ErrorCodes.NONE ? writeCommits(out, req, valid, state.offsets.size > 0) : allPartitions(valid, error));
  }
  out.respond(requestId, { api: 'OffsetCommit', topics: results.toArray() });
  return out.result();
}

/** The value stored for an accepted partition (OC-11, REC-06). */
function committedValue(version: number, p: OffsetCommitRequestPartition, retentionTimeMs: number, nowMs: number): OffsetCommitValue {
  const value: OffsetCommitValue = {
    offset: p.committedOffset,
    leaderEpoch: version >= 6 ? p.committedLeaderEpoch : NO_OFFSET,
    metadata: p.committedMetadata ?? '',
    commitTimestamp: p.commitTimestamp === NO_OFFSET ? nowMs : p.commitTimestamp,
  };
  return retentionTimeMs === NO_OFFSET ? value : { ...value, expireTimestamp: nowMs + retentionTimeMs };
}
