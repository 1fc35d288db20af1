/**
 * DescribeGroups (API key 15), versions 0-5: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/DescribeGroupsRequest.json` and
 * `DescribeGroupsResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** DescribeGroups's API key and the versions this project supports (the range validation accepts). */
export const DESCRIBE_GROUPS_VERSIONS = { apiKey: 15, min: 0, max: 5 } as const;

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
