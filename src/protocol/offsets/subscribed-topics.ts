/**
 * The topics a classic `consumer` group is subscribed to, read from each member's metadata with
 * the version-0 prefix of ConsumerProtocolSubscription, as Kafka's group coordinator reads it.
 *
 * ```
 * version   int16            read and ignored: every version starts with the v0 layout
 * topics    [string]         int32 count, then per topic an int16 length and UTF-8 bytes
 * userData  nullable bytes   int32 length (negative: null), then the bytes
 * ...       anything later (v1+ fields) is not read
 * ```
 *
 * @remarks
 * The coordinator deliberately reads only this prefix, so it depends on no particular version
 * of the consumer protocol (the full codec lives in `../consumer-protocol/`). Metadata that does
 * not hold a complete prefix leaves the group's subscriptions unknown.
 * @see spec/offsets.md OD-04
 * @packageDocumentation
 */
import type { Member } from '../group.js';
import { metadataFor } from '../group.js';

/** Kafka's `ConsumerProtocol.PROTOCOL_TYPE`. */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

const UTF8 = new TextDecoder('utf-8');

/**
 * The topic list of a ConsumerProtocolSubscription's v0 prefix, or null when the bytes do not
 * hold one (too short, a negative count or string length, a length past the end).
 */
export function decodeSubscribedTopicsV0(bytes: Uint8Array): string[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2; // the version, which Kafka reads and ignores here
  const fits = (n: number): boolean => n >= 0 && at + n <= bytes.length;
  if (!fits(4)) return null;
  const count = view.getInt32(at);
  at += 4;
  // Each topic takes at least its 2-byte length, so a larger count cannot fit.
  if (count < 0 || count * 2 > bytes.length - at) return null;
  const topics: string[] = [];
  for (let i = 0; i < count; i++) {
    if (!fits(2)) return null;
    const length = view.getInt16(at);
    at += 2;
    if (!fits(length)) return null;
    topics.push(UTF8.decode(bytes.subarray(at, at + length)));
    at += length;
  }
  if (!fits(4)) return null;
  const userDataLength = view.getInt32(at);
  at += 4;
  if (userDataLength >= 0 && !fits(userDataLength)) return null;
  return topics;
}

/**
 * Kafka's `computeSubscribedTopics`: null unless the protocol type is `consumer`; the empty set
 * when there are no members; null when no protocol is selected or any member's metadata for it
 * does not decode; else the union of every member's topics.
 * @see spec/offsets.md OD-04
 */
export function computeSubscribedTopics(
  protocolType: string | null,
  protocolName: string | null,
  members: Iterable<Member>,
): ReadonlySet<string> | null {
  if (protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
  // One walk, no copy of the members: every generation bump of a large group comes here twice
  // (the handler's draft and the live state), and most walks stop at the first member. With no
  // members the walk leaves the set empty, which is the answer then.
  const topics = new Set<string>();
  for (const m of members) {
    if (protocolName === null) return null;
    const decoded = decodeSubscribedTopicsV0(metadataFor(m, protocolName));
    if (decoded === null) return null;
    for (const t of decoded) topics.add(t);
  }
  return topics;
}
