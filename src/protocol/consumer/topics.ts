/**
 * What a consumer-group coordinator knows of the cluster's topics: Kafka's metadata image, as far
 * as KIP-848 needs it (topic ids, names and partition counts).
 *
 * @remarks
 * Handlers get it through {@link HandlerContext.topics}; the broker builds it from its cluster.
 * Subscription metadata is recomputed from it on every heartbeat (spec/consumer-group.md), so a
 * topic created, deleted or grown shows up at the next heartbeat of each group subscribed to it.
 * @see spec/consumer-group.md
 */

/** One topic of the metadata image. */
export interface TopicImage {
  readonly topicId: string;
  readonly name: string;
  readonly numPartitions: number;
}

/** The cluster's topics, by name and by id. */
export interface TopicsImage {
  byName(name: string): TopicImage | undefined;
  byId(topicId: string): TopicImage | undefined;
  /** Every topic name, ascending (regex subscriptions are evaluated against these). */
  names(): readonly string[];
}

/** A metadata image over a fixed list of topics (tests, the lone coordinator). */
export function topicsImage(topics: readonly TopicImage[]): TopicsImage {
  const byName = new Map(topics.map((t) => [t.name, t]));
  const byId = new Map(topics.map((t) => [t.topicId, t]));
  const names = [...byName.keys()].sort();
  return { byName: (n) => byName.get(n), byId: (id) => byId.get(id), names: () => names };
}

/** The image of a cluster without topics. */
export const NO_TOPICS: TopicsImage = topicsImage([]);
