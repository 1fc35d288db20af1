/**
 * DeleteTopics (API key 20), versions 0-6: request and response as plain data.
 *
 * @remarks
 * Follows Kafka's `clients/src/main/resources/common/message/DeleteTopicsRequest.json` and
 * `DeleteTopicsResponse.json` (field names are the camelCase of the JSON names). Before v6 a
 * request names topics in `topicNames`; from v6 in `topics` (name or topic id).
 */
import type { RequestHeaderFields } from './header.js';

/** DeleteTopics' API key and the versions the wire codec supports. */
export const DELETE_TOPICS_VERSIONS = { apiKey: 20, min: 0, max: 6 } as const;

/** One topic to delete (v6+): by name, or by id with a null name. */
export interface DeleteTopicState {
  readonly name: string | null;
  /** Kafka's printed uuid (22 url-safe base64 characters); all zeros when deleting by name. */
  readonly topicId: string;
}

/** DeleteTopics request. */
export interface DeleteTopicsRequest extends RequestHeaderFields {
  readonly api: 'DeleteTopics';
  /** v6+. */
  readonly topics: readonly DeleteTopicState[];
  /** v0-5. */
  readonly topicNames: readonly string[];
  readonly timeoutMs: number;
}

/** The outcome for one topic. */
export interface DeletableTopicResult {
  /** Null only from v6, for a topic named by id that does not exist. */
  readonly name: string | null;
  /** v6+. */
  readonly topicId: string;
  readonly errorCode: number;
  /** v5+. */
  readonly errorMessage: string | null;
}

/** DeleteTopics response. */
export interface DeleteTopicsResponse {
  readonly api: 'DeleteTopics';
  /** v1+. */
  readonly throttleTimeMs: number;
  readonly responses: readonly DeletableTopicResult[];
}
