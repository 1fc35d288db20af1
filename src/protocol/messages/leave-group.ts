/**
 * LeaveGroup (API key 13), versions 0-5: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/LeaveGroupRequest.json` and
 * `LeaveGroupResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** LeaveGroup's API key and the versions this project supports (the range validation accepts). */
export const LEAVE_GROUP_VERSIONS = { apiKey: 13, min: 0, max: 5 } as const;

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
