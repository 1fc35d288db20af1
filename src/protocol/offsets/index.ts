/**
 * The offset APIs of the group coordinator: OffsetCommit, OffsetFetch, OffsetDelete,
 * DeleteGroups, and offset and group expiration (KIP-211). TxnOffsetCommit is not modelled.
 * @see spec/offsets.md
 * @packageDocumentation
 */
export { offsetCommit } from './offset-commit.js';
export { offsetFetch, offsetFetchResponse, fetchedGroups } from './offset-fetch.js';
export { offsetDelete } from './offset-delete.js';
export { deleteGroups, distinctGroupIds } from './delete-groups.js';
export {
  OFFSETS_CLEANUP_TIMER_KEY,
  cleanupGroupMetadata,
  expirationBase,
  isOffsetExpired,
  armOffsetsCleanup,
  onCoordinatorLoaded,
} from './expiration.js';
export { committedOffset, sortedOffsets } from './offset-store.js';
export { CONSUMER_PROTOCOL_TYPE, computeSubscribedTopics, decodeSubscribedTopicsV0 } from './subscribed-topics.js';
export { deleteGroupsErrorResponse, offsetCommitErrorResponse, offsetDeleteErrorResponse, offsetFetchErrorResponse } from './responses.js';
