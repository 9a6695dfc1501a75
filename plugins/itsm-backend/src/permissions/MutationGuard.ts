import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RecordCondition } from '../store/ItsmStore';

/** What a guard looks at in a request: who asks (an application ActionContext is one). */
export interface GuardContext {
  credentials: BackstageCredentials;
}

/** What the caller may list: everything, nothing, or the records matching a condition. */
export type ReadDecision =
  | { result: 'allow' }
  | { result: 'deny' }
  | { result: 'conditional'; condition: RecordCondition };

/**
 * The checks the application layer makes before it reads or writes (PermissionGuard asks the
 * Backstage permission framework; tests and internal callers may allow everything).
 */
export interface MutationGuard {
  /** Throws NotAllowedError when the actor may not do this. */
  authorize(
    action: string,
    ctx: GuardContext,
    resource?: unknown,
  ): Promise<void>;
  /** Whether the actor may do this (e.g. `service.admin`); everything when absent. */
  allows?(
    action: string,
    ctx: GuardContext,
    resource?: unknown,
  ): Promise<boolean>;
  /** The read decision applied to list queries; everything when absent. */
  readCondition?(ctx: GuardContext): Promise<ReadDecision>;
  /** Whether the actor may read the record with this id; everything when absent. */
  canRead?(ctx: GuardContext, id: string): Promise<boolean>;
}

/** The guard of internal callers and tests: everything is allowed. */
export const ALLOW_EVERYTHING: MutationGuard = { authorize: async () => {} };
