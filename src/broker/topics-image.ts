/**
 * The metadata image a coordinator shard gives consumer-group handlers: a live view of the
 * cluster's topics (ids, names, partition counts), internal topics left out.
 * @see spec/consumer-group.md
 */
import type { TopicImage, TopicsImage } from '../protocol/consumer/topics.js';
import type { Cluster } from './cluster/cluster.js';

/** The cluster's non-internal topics as a {@link TopicsImage}, read at each call. */
export function clusterTopicsImage(cluster: Cluster<unknown>): TopicsImage {
  const image = (name: string): TopicImage | undefined => {
    const t = cluster.topic(name);
    return t === undefined || t.isInternal ? undefined : { topicId: t.topicId, name, numPartitions: t.partitions.length };
  };
  return {
    byName: image,
    byId: (topicId) => {
      const name = cluster.topicNameById(topicId);
      return name === undefined ? undefined : image(name);
    },
    names: () => cluster.topics().filter((n) => image(n) !== undefined),
  };
}
