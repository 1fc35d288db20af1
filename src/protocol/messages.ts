/**
 * Requests and responses of the classic group APIs and the offset APIs as plain data.
 *
 * @remarks
 * Field names are those of Kafka's message schemas (`clients/src/main/resources/common/message`).
 * Every response carries every field of the newest version; a field an older version lacks
 * holds its schema default (`null`, `false`, `0`) and the wire codec leaves it out.
 * `clientId` and `clientHost` come from the request header and the connection.
 * @see spec/versions.md
 */

/** Oldest and newest version of each API. */
export const API_VERSIONS = {
  JoinGroup: { min: 0, max: 9 },
  SyncGroup: { min: 0, max: 5 },
  Heartbeat: { min: 0, max: 4 },
  LeaveGroup: { min: 0, max: 5 },
  DescribeGroups: { min: 0, max: 5 },
  ListGroups: { min: 0, max: 5 },
  OffsetCommit: { min: 0, max: 9 },
  OffsetFetch: { min: 0, max: 9 },
  OffsetDelete: { min: 0, max: 0 },
  DeleteGroups: { min: 0, max: 2 },
} as const;

/** The group APIs this core handles. */
export type GroupApi = keyof typeof API_VERSIONS;

/** One protocol a member supports, in preference order: a name and opaque metadata. */
export interface JoinGroupProtocol {
  readonly name: string;
  readonly metadata: Uint8Array;
}

/** Fields every request carries from its header and connection. */
export interface RequestHeaderFields {
  /** The request's API version. */
  readonly version: number;
  /** The client id of the request header; prefixes generated member ids. */
  readonly clientId: string;
  /** The client's address as the broker sees it (`/127.0.0.1`). */
  readonly clientHost: string;
}

/** JoinGroup (api key 11), versions 0-9. */
export interface JoinGroupRequest extends RequestHeaderFields {
  readonly api: 'JoinGroup';
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** v1+. For v0 the broker uses the session timeout (KAFKA-8653); callers pass -1. */
  readonly rebalanceTimeoutMs: number;
  readonly memberId: string;
  /** v5+, null for dynamic members. */
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly JoinGroupProtocol[];
  /** v8+ (KIP-800); logged only. */
  readonly reason: string | null;
}

/** One entry of the member list the leader receives. */
export interface JoinGroupResponseMember {
  readonly memberId: string;
  /** v5+. */
  readonly groupInstanceId: string | null;
  readonly metadata: Uint8Array;
}

/** JoinGroup response. */
export interface JoinGroupResponse {
  readonly api: 'JoinGroup';
  readonly errorCode: number;
  readonly generationId: number;
  /** v7+; null on errors and for older versions. */
  readonly protocolType: string | null;
  /** Nullable from v7; older versions receive `""` instead of null. */
  readonly protocolName: string | null;
  readonly leader: string;
  /** v9+ (KIP-814). */
  readonly skipAssignment: boolean;
  readonly memberId: string;
  readonly members: readonly JoinGroupResponseMember[];
}

/** One assignment the leader sends. */
export interface SyncGroupAssignment {
  readonly memberId: string;
  readonly assignment: Uint8Array;
}

/** SyncGroup (api key 14), versions 0-5. */
export interface SyncGroupRequest extends RequestHeaderFields {
  readonly api: 'SyncGroup';
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** v3+. */
  readonly groupInstanceId: string | null;
  /** v5+; required non-null by the broker from v5 (KIP-559). */
  readonly protocolType: string | null;
  /** v5+; required non-null by the broker from v5 (KIP-559). */
  readonly protocolName: string | null;
  readonly assignments: readonly SyncGroupAssignment[];
}

/** SyncGroup response. */
export interface SyncGroupResponse {
  readonly api: 'SyncGroup';
  readonly errorCode: number;
  /** v5+; null on errors. */
  readonly protocolType: string | null;
  /** v5+; null on errors. */
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}

/** Heartbeat (api key 12), versions 0-4. */
export interface HeartbeatRequest extends RequestHeaderFields {
  readonly api: 'Heartbeat';
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  /** v3+. */
  readonly groupInstanceId: string | null;
}

/** Heartbeat response. */
export interface HeartbeatResponse {
  readonly api: 'Heartbeat';
  readonly errorCode: number;
}

/** One member identity of a LeaveGroup v3+ batch. */
export interface LeaveGroupMemberIdentity {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** v5+ (KIP-800); logged only. */
  readonly reason: string | null;
}

/**
 * LeaveGroup (api key 13), versions 0-5. v0-2 carry one `memberId`; v3+ carry `members`.
 * The other field must be absent (`undefined`).
 */
export interface LeaveGroupRequest extends RequestHeaderFields {
  readonly api: 'LeaveGroup';
  readonly groupId: string;
  /** v0-2 only. */
  readonly memberId?: string;
  /** v3+ only. */
  readonly members?: readonly LeaveGroupMemberIdentity[];
}

/** Per-member result of a LeaveGroup v3+ response. */
export interface LeaveGroupMemberResponse {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly errorCode: number;
}

/** LeaveGroup response. For v0-2 `members` is empty and `errorCode` carries the outcome. */
export interface LeaveGroupResponse {
  readonly api: 'LeaveGroup';
  readonly errorCode: number;
  readonly members: readonly LeaveGroupMemberResponse[];
}

/** DescribeGroups (api key 15), versions 0-5. */
export interface DescribeGroupsRequest extends RequestHeaderFields {
  readonly api: 'DescribeGroups';
  readonly groups: readonly string[];
  /** v3+; authorization is not modelled, so operations are never filled in. */
  readonly includeAuthorizedOperations: boolean;
}

/** One member as DescribeGroups shows it. */
export interface DescribedMember {
  readonly memberId: string;
  /** v4+. */
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** The member's metadata for the selected protocol; empty unless the group is Stable. */
  readonly memberMetadata: Uint8Array;
  readonly memberAssignment: Uint8Array;
}

/** One group as DescribeGroups shows it. */
export interface DescribedGroup {
  readonly errorCode: number;
  readonly groupId: string;
  /** `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable` or `Dead` (unknown groups). */
  readonly groupState: string;
  readonly protocolType: string;
  /** The selected protocol when Stable, else `""`. */
  readonly protocolData: string;
  readonly members: readonly DescribedMember[];
  /** v3+; INT32_MIN ("not requested"), as authorization is not modelled. */
  readonly authorizedOperations: number;
}

/** DescribeGroups response. */
export interface DescribeGroupsResponse {
  readonly api: 'DescribeGroups';
  readonly groups: readonly DescribedGroup[];
}

/** ListGroups (api key 16), versions 0-5. */
export interface ListGroupsRequest extends RequestHeaderFields {
  readonly api: 'ListGroups';
  /** v4+ (KIP-518): state names, matched case-insensitively; empty = every state. */
  readonly statesFilter: readonly string[];
  /** v5+ (KIP-848): group types, matched case-insensitively; empty = every type. */
  readonly typesFilter: readonly string[];
}

/** One listed group. */
export interface ListedGroup {
  readonly groupId: string;
  readonly protocolType: string;
  /** v4+; `""` for older versions. */
  readonly groupState: string;
  /** v5+; `""` for older versions. */
  readonly groupType: string;
}

/** ListGroups response. */
export interface ListGroupsResponse {
  readonly api: 'ListGroups';
  readonly errorCode: number;
  readonly groups: readonly ListedGroup[];
}

// ---- offsets -------------------------------------------------------------------------------
// int64 fields (offsets, timestamps, retention) are JavaScript numbers: every value up to
// Number.MAX_SAFE_INTEGER in magnitude is representable; larger ones are refused by validation.

/** One partition of an OffsetCommit request. */
export interface OffsetCommitRequestPartition {
  readonly partitionIndex: number;
  /** int64. */
  readonly committedOffset: number;
  /** v6+, ignorable: older versions carry none and the broker uses -1. */
  readonly committedLeaderEpoch: number;
  /** int64, v1 only; -1 (the default) means "now". Not ignorable: other versions must send -1. */
  readonly commitTimestamp: number;
  /** Nullable; null is stored as `""`. */
  readonly committedMetadata: string | null;
}

/** One topic of an OffsetCommit request. */
export interface OffsetCommitRequestTopic {
  readonly name: string;
  readonly partitions: readonly OffsetCommitRequestPartition[];
}

/** OffsetCommit (api key 8), versions 0-9. */
export interface OffsetCommitRequest extends RequestHeaderFields {
  readonly api: 'OffsetCommit';
  readonly groupId: string;
  /** v1+, ignorable: v0 carries none and the broker uses -1. */
  readonly generationIdOrMemberEpoch: number;
  /** v1+, ignorable: v0 carries none and the broker uses `""`. */
  readonly memberId: string;
  /** v7+, null for dynamic members and for commits outside group management. */
  readonly groupInstanceId: string | null;
  /** int64, v2-4, ignorable: other versions carry none and the broker uses -1 (no explicit expiry). */
  readonly retentionTimeMs: number;
  readonly topics: readonly OffsetCommitRequestTopic[];
}

/** Per-partition result of a commit or an offset deletion. */
export interface OffsetPartitionResult {
  readonly partitionIndex: number;
  readonly errorCode: number;
}

/** Per-topic results of a commit or an offset deletion. */
export interface OffsetTopicResult {
  readonly name: string;
  readonly partitions: readonly OffsetPartitionResult[];
}

/** OffsetCommit response: an error code per partition; a whole-request error is repeated on every partition. */
export interface OffsetCommitResponse {
  readonly api: 'OffsetCommit';
  readonly topics: readonly OffsetTopicResult[];
}

/** One topic of an OffsetFetch request. */
export interface OffsetFetchRequestTopic {
  readonly name: string;
  readonly partitionIndexes: readonly number[];
}

/** One group of an OffsetFetch v8+ request. */
export interface OffsetFetchRequestGroup {
  readonly groupId: string;
  /** v9+, ignorable; used by KIP-848 consumer groups only, ignored for classic groups. */
  readonly memberId: string | null;
  /** v9+, ignorable; used by KIP-848 consumer groups only, ignored for classic groups. */
  readonly memberEpoch: number;
  /** Null: every partition the group has an offset for. */
  readonly topics: readonly OffsetFetchRequestTopic[] | null;
}

/**
 * OffsetFetch (api key 9), versions 0-9. v0-7 carry one `groupId` with its `topics` (null
 * from v2: all topics); v8+ carry `groups`. The fields of the other layout must be absent
 * (`undefined`).
 */
export interface OffsetFetchRequest extends RequestHeaderFields {
  readonly api: 'OffsetFetch';
  /** v0-7 only. */
  readonly groupId?: string;
  /** v0-7 only; nullable from v2. */
  readonly topics?: readonly OffsetFetchRequestTopic[] | null;
  /** v8+ only. */
  readonly groups?: readonly OffsetFetchRequestGroup[];
  /** v7+ (KIP-447); must be false for older versions. */
  readonly requireStable: boolean;
}

/** One partition of an OffsetFetch response. */
export interface OffsetFetchResponsePartition {
  readonly partitionIndex: number;
  /** int64; -1 when the group has no offset for the partition. */
  readonly committedOffset: number;
  /** v5+; -1 when unknown and for older versions. */
  readonly committedLeaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: number;
}

/** One topic of an OffsetFetch response. */
export interface OffsetFetchResponseTopic {
  readonly name: string;
  readonly partitions: readonly OffsetFetchResponsePartition[];
}

/** One group of an OffsetFetch v8+ response. */
export interface OffsetFetchResponseGroup {
  readonly groupId: string;
  readonly topics: readonly OffsetFetchResponseTopic[];
  readonly errorCode: number;
}

/**
 * OffsetFetch response. v0-7 use `topics` and `errorCode` (top-level from v2; v0-1 put a
 * group-level error on every partition) and leave `groups` empty; v8+ use `groups` and leave
 * `topics` empty and `errorCode` 0.
 */
export interface OffsetFetchResponse {
  readonly api: 'OffsetFetch';
  readonly errorCode: number;
  readonly topics: readonly OffsetFetchResponseTopic[];
  readonly groups: readonly OffsetFetchResponseGroup[];
}

/** One topic of an OffsetDelete request. */
export interface OffsetDeleteRequestTopic {
  readonly name: string;
  readonly partitions: readonly { readonly partitionIndex: number }[];
}

/** OffsetDelete (api key 47), version 0 (KIP-496). */
export interface OffsetDeleteRequest extends RequestHeaderFields {
  readonly api: 'OffsetDelete';
  readonly groupId: string;
  readonly topics: readonly OffsetDeleteRequestTopic[];
}

/** OffsetDelete response: a top-level error (then no topics) or per-partition errors. */
export interface OffsetDeleteResponse {
  readonly api: 'OffsetDelete';
  readonly errorCode: number;
  readonly topics: readonly OffsetTopicResult[];
}

/** DeleteGroups (api key 42), versions 0-2. */
export interface DeleteGroupsRequest extends RequestHeaderFields {
  readonly api: 'DeleteGroups';
  readonly groupsNames: readonly string[];
}

/** One group's DeleteGroups result. */
export interface DeletableGroupResult {
  readonly groupId: string;
  readonly errorCode: number;
}

/** DeleteGroups response: one result per distinct requested group id. */
export interface DeleteGroupsResponse {
  readonly api: 'DeleteGroups';
  readonly results: readonly DeletableGroupResult[];
}

/** Any group request. */
export type GroupRequest =
  | JoinGroupRequest
  | SyncGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | DescribeGroupsRequest
  | ListGroupsRequest
  | OffsetCommitRequest
  | OffsetFetchRequest
  | OffsetDeleteRequest
  | DeleteGroupsRequest;

/** Any group response. */
export type GroupResponse =
  | JoinGroupResponse
  | SyncGroupResponse
  | HeartbeatResponse
  | LeaveGroupResponse
  | DescribeGroupsResponse
  | ListGroupsResponse
  | OffsetCommitResponse
  | OffsetFetchResponse
  | OffsetDeleteResponse
  | DeleteGroupsResponse;

/** The response type of a request type. */
export type ResponseFor<R extends GroupRequest> = Extract<GroupResponse, { api: R['api'] }>;

/** A request with the id its sender uses to match the response; parked requests are kept by id. */
export interface RequestEnvelope<R extends GroupRequest = GroupRequest> {
  readonly requestId: string;
  readonly request: R;
}

/** A response addressed to the request it answers. */
export interface AddressedResponse {
  readonly requestId: string;
  readonly response: GroupResponse;
}

/** The protocol constant for "no member id yet" (JoinGroupRequest.UNKNOWN_MEMBER_ID). */
export const UNKNOWN_MEMBER_ID = '';

/** Generation id clients send when they have none. */
export const NO_GENERATION_ID = -1;

/** The committed offset, leader epoch and timestamps that mean "none" (Kafka's `-1` sentinels). */
export const NO_OFFSET = -1;
