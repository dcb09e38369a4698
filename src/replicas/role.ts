import type { Leader } from './leader.js';

/**
 * This process among the replicas of a store: its id (for /metrics and logs) and
 * whether it leads the shared duties right now. Made with the services; told its leader
 * once the gateway listens and the duties are handed to the lead (app.ts).
 */
export interface ReplicaRole {
  readonly id: string;
  isLeader(): boolean;
  follow(leader: Leader): void;
}

export function createReplicaRole(id: string): ReplicaRole {
  let leader: Leader | null = null;
  return {
    id,
    isLeader: () => leader?.isLeader() ?? false,
    follow(next) {
      leader = next;
    },
  };
}
