/**
 * The server-side `uniform` assignor (KIP-848's default): Kafka's `UniformAssignor`, which hands
 * a HOMOGENEOUS group to the homogeneous builder and any other to the heterogeneous one.
 *
 * @remarks
 * Follows Kafka 4.0's `group-coordinator/.../assignor/UniformAssignor.java`. Both builders are
 * sticky: a member keeps what it has where balance allows.
 * @see spec/server-assignors.md (SA-20)
 */
import type { GroupAssignment, GroupSpec, ServerAssignor, SubscribedTopicDescriber } from '../assignor.js';
import { assignUniformHeterogeneous } from './uniform-heterogeneous.js';
import { assignUniformHomogeneous } from './uniform-homogeneous.js';

/** The name members ask for (`ServerAssignor` in the heartbeat) and `group.consumer.assignors` lists first. */
export const UNIFORM_ASSIGNOR_NAME = 'uniform';

/**
 * Kafka's `UniformAssignor.assign` (SA-20): an empty group gets nothing; otherwise the builder
 * of the group's subscription type.
 * @throws PartitionAssignorError from the builder.
 */
export function assignUniform(group: GroupSpec, topics: SubscribedTopicDescriber): GroupAssignment {
  if (group.memberIds.length === 0) return new Map();
  return group.subscriptionType === 'HOMOGENEOUS' ? assignUniformHomogeneous(group, topics) : assignUniformHeterogeneous(group, topics);
}

/** The `uniform` server assignor. */
export const uniformServerAssignor: ServerAssignor = { name: UNIFORM_ASSIGNOR_NAME, assign: assignUniform };
