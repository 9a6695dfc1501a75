import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  itsmChangeApprovePermission,
  itsmChangeCreatePermission,
  itsmChangeUpdatePermission,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  itsmProblemCreatePermission,
  itsmProblemUpdatePermission,
  itsmServiceCreatePermission,
  itsmServiceUpdatePermission,
  itsmSlaAdminPermission,
} from '@backstage-itsm/plugin-itsm-common';
import { AuthorizeResult, Permission } from '@backstage/plugin-permission-common';
import { ActionContext } from './context';
import { MutationGuard } from './ItsmApplication';

const PERMISSIONS: Record<string, Permission> = {
  'sla.admin': itsmSlaAdminPermission,
  'service.create': itsmServiceCreatePermission,
  'service.update': itsmServiceUpdatePermission,
  'incident.create': itsmIncidentCreatePermission,
  'incident.update': itsmIncidentUpdatePermission,
  'problem.create': itsmProblemCreatePermission,
  'problem.update': itsmProblemUpdatePermission,
  'change.create': itsmChangeCreatePermission,
  'change.update': itsmChangeUpdatePermission,
  'change.approve': itsmChangeApprovePermission,
};

/** Asks the Backstage permission framework before every mutation. */
export class PermissionGuard implements MutationGuard {
  constructor(private readonly permissions: PermissionsService) {}

  async authorize(action: string, ctx: ActionContext, resource?: unknown): Promise<void> {
    const permission = PERMISSIONS[action];
    if (!permission) throw new Error(`No permission mapped for ITSM action ${action}`);
    const resourceRef =
      permission.type === 'resource' && resource && typeof (resource as any).id === 'string'
        ? (resource as any).id
        : undefined;
    const [decision] = await this.permissions.authorize(
      [permission.type === 'resource' ? { permission, resourceRef } : { permission }] as any,
      { credentials: ctx.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${action.replace('.', ' ')} (${permission.name})`);
    }
  }
}
