/**
 * What a consumer group subscribes to: topic names from the members' lists and resolved regular
 * expressions, the subscription metadata computed from the metadata image, and regex resolution.
 *
 * @remarks
 * Follows Kafka 4.0's `ConsumerGroup.computeSubscribedTopicNames`,
 * `ModernGroup.computeSubscriptionMetadata` and `GroupMetadataManager.maybeUpdateRegularExpressions`
 * / `refreshRegularExpressions`. Two deterministic stand-ins replace Kafka's asynchronous
 * machinery (spec/consumer-group.md CG-27, CG-31): the subscription metadata is recomputed from
 * `ctx.topics` on every heartbeat, and regexes are resolved synchronously inside the heartbeat.
 * @see spec/consumer-group.md
 */
import type { RE2JS } from 're2js';
import type { ConsumerMember, ResolvedRegularExpression, SubscribedTopicMetadata } from './group.js';
import type { TopicsImage } from './topics.js';

/** A regex subscription in effect: Kafka ignores a null or empty one (`isNotEmpty`). */
export function activeRegex(member: ConsumerMember): string | null {
  return member.subscribedTopicRegex === null || member.subscribedTopicRegex === '' ? null : member.subscribedTopicRegex;
}

/** Same topic names, as Kafka's `Set` equality compares them (order and duplicates ignored). */
export function sameTopicNames(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const n of sa) if (!sb.has(n)) return false;
  return true;
}

/** How many of `members` subscribe to `regex` (Kafka's `numSubscribedMembers`). */
export function regexSubscribers(members: Iterable<ConsumerMember>, regex: string): number {
  let n = 0;
  for (const m of members) if (activeRegex(m) === regex) n++;
  return n;
}

/**
 * Every topic name the members subscribe to: their names plus what their regexes resolved to
 * (an unresolved regex adds nothing), ascending. @see CG-26
 */
export function subscribedTopicNames(members: Iterable<ConsumerMember>, regexes: ReadonlyMap<string, ResolvedRegularExpression>): string[] {
  const names = new Set<string>();
  for (const m of members) {
    for (const n of m.subscribedTopicNames) names.add(n);
    const regex = activeRegex(m);
    if (regex !== null) for (const n of regexes.get(regex)?.topics ?? []) names.add(n);
  }
  return [...names].sort();
}

/** The subscription metadata: each subscribed topic that exists, with its id and partition count. @see CG-26 */
export function computeSubscriptionMetadata(names: readonly string[], topics: TopicsImage): Map<string, SubscribedTopicMetadata> {
  const out = new Map<string, SubscribedTopicMetadata>();
  for (const name of names) {
    const t = topics.byName(name);
    if (t !== undefined) out.set(name, { topicId: t.topicId, topicName: name, numPartitions: t.numPartitions });
  }
  return out;
}

/** Same subscription metadata (Kafka's `Map.equals` over `TopicMetadata`). */
export function sameSubscriptionMetadata(a: ReadonlyMap<string, SubscribedTopicMetadata>, b: ReadonlyMap<string, SubscribedTopicMetadata>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, t] of a) {
    const u = b.get(name);
    if (u === undefined || u.topicId !== t.topicId || u.numPartitions !== t.numPartitions) return false;
  }
  return true;
}

/**
 * The topic names a compiled regex matches, whole-name (RE2J's `matches`), ascending, internal
 * topics left out as the image leaves them out. @see CG-31
 */
export function resolveRegex(pattern: RE2JS, topics: TopicsImage): string[] {
  return topics.names().filter((n) => pattern.matches(n));
}

/** Same resolved topics. */
export function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
