/**
 * Heartbeat (API key 12), versions 0-4: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/HeartbeatRequest.json` and
 * `HeartbeatResponse.json`: field names are the camelCase of the JSON field names, so a generic
 * codec maps them one to one. Conventions shared by every message: `./index.ts`.
 * @see spec/versions.md
 */
import type { RequestHeaderFields } from './header.js';

/** Heartbeat's API key and the versions this project supports (the range validation accepts). */
export const HEARTBEAT_VERSIONS = { apiKey: 12, min: 0, max: 4 } as const;

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
