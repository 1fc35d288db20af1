/**
 * ListGroups (API key 16), versions 0-5: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/ListGroupsRequest.json` and
 * `ListGroupsResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** ListGroups's API key and the versions this project supports (the range validation accepts). */
export const LIST_GROUPS_VERSIONS = { apiKey: 16, min: 0, max: 5 } as const;

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
