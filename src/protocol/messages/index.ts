/**
 * Requests and responses of every API this project speaks, as plain data: one module per API
 * (`join-group.ts`, `fetch.ts`, ...) and, here, what they share.
 *
 * @remarks
 * Field names are the camelCase of the field names in Kafka's message schemas
 * (`clients/src/main/resources/common/message/*.json`), so a generic codec maps them without a
 * translation table; each module names the JSON files it follows. Every response carries every
 * field of the newest version; a field an older version lacks holds its schema default (`null`,
 * `false`, `0`) and the wire codec leaves it out. `clientId` and `clientHost` come from the
 * request header and the connection.
 * @see spec/versions.md
 * @packageDocumentation
 */
import { API_VERSIONS_VERSIONS } from './api-versions.js';
import { CREATE_TOPICS_VERSIONS, type CreateTopicsRequest, type CreateTopicsResponse } from './create-topics.js';
import { DELETE_TOPICS_VERSIONS, type DeleteTopicsRequest, type DeleteTopicsResponse } from './delete-topics.js';
import { DELETE_GROUPS_VERSIONS, type DeleteGroupsRequest, type DeleteGroupsResponse } from './delete-groups.js';
import { DESCRIBE_GROUPS_VERSIONS, type DescribeGroupsRequest, type DescribeGroupsResponse } from './describe-groups.js';
import { FETCH_VERSIONS, type FetchRequest, type FetchResponse } from './fetch.js';
import { FIND_COORDINATOR_VERSIONS, type FindCoordinatorRequest, type FindCoordinatorResponse } from './find-coordinator.js';
import { HEARTBEAT_VERSIONS, type HeartbeatRequest, type HeartbeatResponse } from './heartbeat.js';
import { INIT_PRODUCER_ID_VERSIONS, type InitProducerIdRequest, type InitProducerIdResponse } from './init-producer-id.js';
import { JOIN_GROUP_VERSIONS, type JoinGroupRequest, type JoinGroupResponse } from './join-group.js';
import { LEAVE_GROUP_VERSIONS, type LeaveGroupRequest, type LeaveGroupResponse } from './leave-group.js';
import { LIST_GROUPS_VERSIONS, type ListGroupsRequest, type ListGroupsResponse } from './list-groups.js';
import { LIST_OFFSETS_VERSIONS, type ListOffsetsRequest, type ListOffsetsResponse } from './list-offsets.js';
import { METADATA_VERSIONS, type MetadataRequest, type MetadataResponse } from './metadata.js';
import { OFFSET_COMMIT_VERSIONS, type OffsetCommitRequest, type OffsetCommitResponse } from './offset-commit.js';
import { OFFSET_DELETE_VERSIONS, type OffsetDeleteRequest, type OffsetDeleteResponse } from './offset-delete.js';
import { OFFSET_FETCH_VERSIONS, type OffsetFetchRequest, type OffsetFetchResponse } from './offset-fetch.js';
import { PRODUCE_VERSIONS, type ProduceRequest, type ProduceResponse } from './produce.js';
import { SYNC_GROUP_VERSIONS, type SyncGroupRequest, type SyncGroupResponse } from './sync-group.js';
import { CONSUMER_GROUP_HEARTBEAT_VERSIONS, type ConsumerGroupHeartbeatRequest, type ConsumerGroupHeartbeatResponse } from './consumer-group-heartbeat.js';
import { CONSUMER_GROUP_DESCRIBE_VERSIONS, type ConsumerGroupDescribeRequest, type ConsumerGroupDescribeResponse } from './consumer-group-describe.js';

export * from './header.js';
export * from './join-group.js';
export * from './sync-group.js';
export * from './heartbeat.js';
export * from './leave-group.js';
export * from './describe-groups.js';
export * from './list-groups.js';
export * from './offset-commit.js';
export * from './offset-fetch.js';
export * from './offset-delete.js';
export * from './delete-groups.js';
export * from './api-versions.js';
export * from './metadata.js';
export * from './find-coordinator.js';
export * from './list-offsets.js';
export * from './fetch.js';
export * from './produce.js';
export * from './create-topics.js';
export * from './record-batch.js';
export * from './delete-topics.js';
export * from './init-producer-id.js';
export * from './describe-configs.js';
export * from './describe-cluster.js';
export * from './consumer-group-heartbeat.js';
export * from './consumer-group-describe.js';
export * from './negotiation.js';
export * from './request-versions.js';

/**
 * API key and oldest and newest supported version of each group API: the range the group
 * core validates requests against.
 */
export const API_VERSIONS = {
  JoinGroup: JOIN_GROUP_VERSIONS,
  SyncGroup: SYNC_GROUP_VERSIONS,
  Heartbeat: HEARTBEAT_VERSIONS,
  LeaveGroup: LEAVE_GROUP_VERSIONS,
  DescribeGroups: DESCRIBE_GROUPS_VERSIONS,
  ListGroups: LIST_GROUPS_VERSIONS,
  OffsetCommit: OFFSET_COMMIT_VERSIONS,
  OffsetFetch: OFFSET_FETCH_VERSIONS,
  OffsetDelete: OFFSET_DELETE_VERSIONS,
  DeleteGroups: DELETE_GROUPS_VERSIONS,
  ConsumerGroupHeartbeat: CONSUMER_GROUP_HEARTBEAT_VERSIONS,
  ConsumerGroupDescribe: CONSUMER_GROUP_DESCRIBE_VERSIONS,
} as const;

/**
 * API key and supported version range of every API this project has types for, by API name:
 * what an ApiVersions answer lists and what a codec needs to pick a schema version.
 */
export const API_VERSION_RANGES = {
  ...API_VERSIONS,
  ApiVersions: API_VERSIONS_VERSIONS,
  Metadata: METADATA_VERSIONS,
  FindCoordinator: FIND_COORDINATOR_VERSIONS,
  ListOffsets: LIST_OFFSETS_VERSIONS,
  Fetch: FETCH_VERSIONS,
  Produce: PRODUCE_VERSIONS,
  CreateTopics: CREATE_TOPICS_VERSIONS,
  DeleteTopics: DELETE_TOPICS_VERSIONS,
  InitProducerId: INIT_PRODUCER_ID_VERSIONS,
} as const;

/** The group APIs this core handles. */
export type GroupApi = keyof typeof API_VERSIONS;

/** Every API with a message module. */
export type ApiName = keyof typeof API_VERSION_RANGES;

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
  | DeleteGroupsRequest
  | ConsumerGroupHeartbeatRequest
  | ConsumerGroupDescribeRequest;

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
  | DeleteGroupsResponse
  | ConsumerGroupHeartbeatResponse
  | ConsumerGroupDescribeResponse;

/** Any request of the cluster-level APIs a broker answers without a group coordinator. */
export type ClusterRequest = MetadataRequest | ListOffsetsRequest | FetchRequest | ProduceRequest | CreateTopicsRequest | DeleteTopicsRequest | FindCoordinatorRequest | InitProducerIdRequest;

/** The answer to a {@link ClusterRequest}. */
export type ClusterResponse = MetadataResponse | ListOffsetsResponse | FetchResponse | ProduceResponse | CreateTopicsResponse | DeleteTopicsResponse | FindCoordinatorResponse | InitProducerIdResponse;

/** Any request a broker (ours, or any Kafka-compatible one a client talks to) answers. */
export type KafkaRequest = GroupRequest | ClusterRequest;

/** Any response a broker gives. */
export type KafkaResponse = GroupResponse | ClusterResponse;

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
