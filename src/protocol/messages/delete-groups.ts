/**
 * DeleteGroups (API key 42), versions 0-2: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/DeleteGroupsRequest.json` and
 * `DeleteGroupsResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** DeleteGroups's API key and the versions this project supports (the range validation accepts). */
export const DELETE_GROUPS_VERSIONS = { apiKey: 42, min: 0, max: 2 } as const;

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
