/**
 * The server assignors the coordinator uses. Until the target assignment builder and the
 * `uniform` / `range` assignors land, no assignor exists, so a heartbeat that needs a new
 * target answers UNKNOWN_SERVER_ERROR (tests inject their own through
 * `consumerGroupHeartbeatWith`).
 * @see spec/consumer-group.md CG-24
 */
import type { ConsumerGroupServices } from './services.js';

/** The project's target assignment builder and assignors. */
export const DEFAULT_SERVICES: ConsumerGroupServices = {
  buildTargetAssignment: () => {
    throw new Error('buildTargetAssignment is not available yet');
  },
  serverAssignor: () => undefined,
};
