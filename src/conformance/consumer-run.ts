/**
 * The runner's consumer-group (KIP-848) steps: topic ids bound per target, member ids per
 * ConsumerGroupHeartbeat version, topics created mid-scenario, and consumer-group snapshots.
 * @see spec/conformance.md CONF-16..CONF-19
 */
import type { GroupRequest } from '../protocol/messages/index.js';
import type { Bindings } from './match.js';
import type { Namespace } from './namespace.js';
import { clientMemberId, TOPIC_ID_VAR, type ConsumerGroupSnapshot } from './consumer-scenario.js';
import type { Step, TopicSpec } from './scenario.js';
import { ScenarioSkip, type TargetSession } from './target.js';

/**
 * Binds `topicId:<name>` for each of the scenario's topics the target can name (CONF-16). Topics
 * it cannot (a broker without Metadata v10) stay unbound: a step that needs one skips the scenario.
 */
export async function bindTopicIds(session: TargetSession, ns: Namespace, topics: readonly TopicSpec[], vars: Bindings): Promise<void> {
  if (topics.length === 0 || session.topicIds === undefined) return;
  const ids = await session.topicIds(topics.map((t) => ns.name(t.name)));
  for (const t of topics) {
    const id = ids.get(ns.name(t.name));
    if (id !== undefined) vars.set(`${TOPIC_ID_VAR}${t.name}`, id);
  }
}

/**
 * Why a target cannot run these steps of a scenario with these topics, or undefined: consumer
 * groups subscribe to topics the coordinator must know by id, so a scenario that sends
 * ConsumerGroupHeartbeat with topics needs `topicIds` (CONF-16), checked before the first step.
 */
export function consumerCapabilityGap(steps: readonly Step[], topics: readonly TopicSpec[], session: TargetSession): string | undefined {
  const consumer = steps.some((s) => (s.op === 'send' || s.op === 'sendToPreviousCoordinator') && s.request.api === 'ConsumerGroupHeartbeat');
  const topical = topics.length > 0 || steps.some((s) => s.op === 'createTopic');
  if (consumer && topical && session.topicIds === undefined) return 'the target cannot name topics by id (TargetSession.topicIds), which consumer groups subscribe by';
  return undefined;
}

/** Every `'$topicId:...'` string in a template that is not bound yet. */
function unboundTopicIds(template: unknown, vars: Bindings, out: Set<string>): Set<string> {
  if (typeof template === 'string') {
    if (template.startsWith(`$${TOPIC_ID_VAR}`) && !vars.has(template.slice(1))) out.add(template.slice(1 + TOPIC_ID_VAR.length));
  } else if (Array.isArray(template)) {
    for (const x of template) unboundTopicIds(x, vars, out);
  } else if (typeof template === 'object' && template !== null && !(template instanceof Uint8Array)) {
    for (const x of Object.values(template)) unboundTopicIds(x, vars, out);
  }
  return out;
}

/**
 * The request ready for substitution: a ConsumerGroupHeartbeat joining under an unbound member
 * variable sends `""` at v0 (the coordinator's answer binds it) and, from v1, a deterministic
 * client-generated id bound before sending (CONF-17).
 * @throws {@link ScenarioSkip} when the request names a topic id the target could not tell.
 */
export function prepareRequest(request: GroupRequest, vars: Bindings, prefix: string): GroupRequest {
  const missing = unboundTopicIds(request, vars, new Set());
  if (missing.size > 0) throw new ScenarioSkip(`the target cannot tell the id of topic ${[...missing].join(', ')} (Metadata v10+ names topic ids)`);
  if (request.api !== 'ConsumerGroupHeartbeat' || !request.memberId.startsWith('$')) return request;
  const variable = request.memberId.slice(1);
  if (vars.has(variable)) return request;
  if (request.version === 0) return { ...request, memberId: '' };
  vars.set(variable, clientMemberId(prefix, variable));
  return request;
}

/** Runs a `createTopic` step: creates or grows the topic, then binds its id. */
export async function createTopicStep(session: TargetSession, ns: Namespace, topic: TopicSpec, vars: Bindings): Promise<void> {
  if (session.createTopic === undefined) throw new ScenarioSkip('the target cannot create topics during a scenario');
  await session.createTopic({ ...topic, name: ns.name(topic.name) });
  await bindTopicIds(session, ns, [topic], vars);
}

/** The consumer group's snapshot as the scenario sees it, or undefined when there is no such group. */
export async function consumerSnapshot(session: TargetSession, ns: Namespace, groupId: string): Promise<ConsumerGroupSnapshot | undefined> {
  if (session.describeConsumerGroup === undefined) throw new ScenarioSkip('the target cannot describe consumer groups');
  const g = await session.describeConsumerGroup(ns.name(groupId));
  return g === undefined ? undefined : ns.consumerSnapshot(groupId, g);
}
