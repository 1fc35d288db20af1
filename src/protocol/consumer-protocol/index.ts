/**
 * The consumer protocol: the binary subscription a classic consumer sends in JoinGroup and
 * the assignment its leader returns in SyncGroup, versions 0-3, byte for byte as Kafka's
 * `ConsumerProtocol` writes and reads them.
 *
 * @see spec/consumer-protocol.md
 * @packageDocumentation
 */
export { ConsumerProtocolError, utf8Length, type ConsumerProtocolStructure } from './bytes.js';
export { CONSUMER_PROTOCOL_HIGHEST_VERSION, CONSUMER_PROTOCOL_LOWEST_VERSION, type DecodeOptions } from './header.js';
export {
  decodeMemberSubscription,
  decodeSubscription,
  encodeSubscription,
  type ConsumerSubscription,
  type DecodedSubscription,
} from './subscription.js';
export { decodeAssignment, encodeAssignment, type ConsumerAssignment, type DecodedAssignment } from './assignment.js';
