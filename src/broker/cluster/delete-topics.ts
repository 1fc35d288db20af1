/**
 * DeleteTopics (API key 20): deletes topics by name (v0-5, and v6 with a zero id) or by id (v6),
 * as Kafka's controller does.
 *
 * @remarks
 * Kafka 4.0's `ControllerApis.deleteTopics` refuses a name given twice ("Duplicate topic name.")
 * or an id given twice ("Duplicate topic id."), a v6 entry with both a name and an id, or with
 * neither, each with INVALID_REQUEST; an unknown name is UNKNOWN_TOPIC_OR_PARTITION and an unknown
 * id UNKNOWN_TOPIC_ID. Kafka shuffles the answers so their positions reveal nothing; here they
 * keep the request's order (each duplicate answered once, at its first position), a deterministic
 * choice. Authorization is not modelled. Internal topics are refused (`Cluster.deleteTopic`).
 * @see spec/server.md SRV-18
 */
import { ErrorCodes } from '../../protocol/errors.js';
import type { DeletableTopicResult, DeleteTopicsRequest, DeleteTopicsResponse } from '../../protocol/messages/index.js';
import type { Cluster } from './cluster.js';

/** The all-zero topic id (`Uuid.ZERO_UUID`): "no id given". */
const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

type Entry = { readonly kind: 'name'; readonly name: string } | { readonly kind: 'id'; readonly topicId: string } | { readonly kind: 'invalid'; readonly result: DeletableTopicResult };

function result(name: string | null, topicId: string, errorCode: number, errorMessage: string | null = null): DeletableTopicResult {
  return { name, topicId, errorCode, errorMessage };
}

/** The request's topics in order: by name, by id, or refused as Kafka refuses a malformed entry. */
function entries(request: DeleteTopicsRequest): Entry[] {
  if (request.version < 6) return request.topicNames.map((name) => ({ kind: 'name', name }));
  return request.topics.map((t): Entry => {
    const hasId = t.topicId !== ZERO_UUID;
    if (t.name === null && !hasId) return { kind: 'invalid', result: result(null, ZERO_UUID, ErrorCodes.INVALID_REQUEST, 'Neither topic name nor id were specified.') };
    if (t.name !== null && hasId) return { kind: 'invalid', result: result(t.name, t.topicId, ErrorCodes.INVALID_REQUEST, 'You may not specify both topic name and topic id.') };
    return t.name !== null ? { kind: 'name', name: t.name } : { kind: 'id', topicId: t.topicId };
  });
}

const keyOf = (e: Entry): string | undefined => (e.kind === 'name' ? `n:${e.name}` : e.kind === 'id' ? `i:${e.topicId}` : undefined);

/** Deletes one topic named or identified by `e`, answering as Kafka's controller does. */
function deleteOne(cluster: Cluster<unknown>, e: Entry & { kind: 'name' | 'id' }): DeletableTopicResult {
  const name = e.kind === 'name' ? e.name : cluster.topicNameById(e.topicId);
  if (name === undefined) return result(null, (e as { topicId: string }).topicId, ErrorCodes.UNKNOWN_TOPIC_ID);
  const outcome = cluster.deleteTopic(name);
  const idGiven = e.kind === 'id' ? e.topicId : ZERO_UUID;
  if ('error' in outcome) return result(name, idGiven, ErrorCodes[outcome.error]);
  return result(name, outcome.topicId, ErrorCodes.NONE);
}

/** SRV-18: answers a DeleteTopics request, deleting every topic it names once. */
export function handleDeleteTopics(cluster: Cluster<unknown>, request: DeleteTopicsRequest): DeleteTopicsResponse {
  const list = entries(request);
  const counts = new Map<string, number>();
  for (const e of list) {
    const k = keyOf(e);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const answered = new Set<string>();
  const responses: DeletableTopicResult[] = [];
  for (const e of list) {
    if (e.kind === 'invalid') {
      responses.push(e.result);
      continue;
    }
    const k = keyOf(e)!;
    if (answered.has(k)) continue;
    answered.add(k);
    if (counts.get(k)! > 1) {
      responses.push(e.kind === 'name' ? result(e.name, ZERO_UUID, ErrorCodes.INVALID_REQUEST, 'Duplicate topic name.') : result(null, e.topicId, ErrorCodes.INVALID_REQUEST, 'Duplicate topic id.'));
    } else responses.push(deleteOne(cluster, e));
  }
  return { api: 'DeleteTopics', throttleTimeMs: 0, responses };
}
