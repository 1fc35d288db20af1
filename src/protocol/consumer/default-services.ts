/**
 * The server assignors the coordinator uses: Kafka 4.0's target assignment builder and the
 * assignors of `./assignors/` by name (`group.consumer.assignors` names which are offered).
 * Tests may inject others through `consumerGroupHeartbeatWith`.
 * @see spec/consumer-group.md CG-24
 */
import type { ConsumerGroupServices } from './services.js';
import { buildTargetAssignment } from './target-assignment.js';
import { serverAssignor } from './assignors/index.js';

/** The project's target assignment builder and assignors. */
export const DEFAULT_SERVICES: ConsumerGroupServices = { buildTargetAssignment, serverAssignor };
