/**
 * Per-topic result lists of OffsetCommit and OffsetDelete, assembled in Kafka's order: the
 * API layer first lists the partitions it rejects itself (unknown topic or partition), then
 * merges the coordinator's answer for the rest into that list.
 * @see spec/offsets.md OC-02, OD-02
 * @see Kafka `OffsetCommitResponse.Builder`, `OffsetDeleteResponse.Builder`
 */
import { ErrorCodes } from '../errors.js';
import type { OffsetPartitionResult, OffsetTopicResult } from '../messages/index.js';
import type { HandlerContext } from '../handler/index.js';

/** A topic result under construction. */
interface MutableTopic {
  readonly name: string;
  readonly partitions: OffsetPartitionResult[];
}

/**
 * A list of topic results. Adding a partition of a topic already listed appends it to that
 * topic's entry (the first one with the name); merging follows Kafka's builders: an empty list
 * takes the merged list as it is, otherwise each merged topic joins the first entry of its
 * name or is appended (OC-02, OD-02).
 */
export class TopicResults {
  private topics: MutableTopic[] = [];

  /** Whether no topic is listed. */
  get isEmpty(): boolean {
    return this.topics.length === 0;
  }

  /** Adds one partition result under its topic. */
  add(topic: string, partitionIndex: number, errorCode: number): void {
    this.topicNamed(topic).partitions.push({ partitionIndex, errorCode });
  }

  /** Merges another list (the coordinator's answer) into this one. */
  merge(other: readonly OffsetTopicResult[]): void {
    if (this.topics.length === 0) {
      this.topics = other.map((t) => ({ name: t.name, partitions: [...t.partitions] }));
      return;
    }
    for (const t of other) this.topicNamed(t.name).partitions.push(...t.partitions);
  }

  /** The results, in order. */
  toArray(): OffsetTopicResult[] {
    return this.topics.map((t) => ({ name: t.name, partitions: [...t.partitions] }));
  }

  private topicNamed(name: string): MutableTopic {
    let t = this.topics.find((x) => x.name === name);
    if (t === undefined) this.topics.push((t = { name, partitions: [] }));
    return t;
  }
}

/** A request topic whose partitions carry a `partitionIndex`. */
interface TopicWithPartitions<P extends { readonly partitionIndex: number }> {
  readonly name: string;
  readonly partitions: readonly P[];
}

/**
 * The API layer's partition check: partitions the cluster does not have get
 * UNKNOWN_TOPIC_OR_PARTITION in `rejected`; the others are returned, per topic in request
 * order, leaving out topics with no partition left (a topic listed with no partitions is
 * therefore never answered; Kafka lists it, empty, when the topic does not exist: OC-02, OD-02).
 */
export function splitUnknownPartitions<P extends { readonly partitionIndex: number }>(
  topics: readonly TopicWithPartitions<P>[],
  ctx: HandlerContext,
  rejected: TopicResults,
): { readonly name: string; readonly partitions: readonly P[] }[] {
  const exists = ctx.partitionExists ?? ((): boolean => true);
  const valid: { name: string; partitions: P[] }[] = [];
  for (const topic of topics) {
    const kept = topic.partitions.filter((p) => {
      if (exists(topic.name, p.partitionIndex)) return true;
      rejected.add(topic.name, p.partitionIndex, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION);
      return false;
    });
    if (kept.length > 0) valid.push({ name: topic.name, partitions: kept });
  }
  return valid;
}

/** Every partition of the topics answered with the same error (a whole-request outcome, OC-01). */
export function allPartitions(topics: readonly TopicWithPartitions<{ readonly partitionIndex: number }>[], errorCode: number): OffsetTopicResult[] {
  return topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) }));
}
