import { createBackendModule, coreServices } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { itsmSlaAdminPermission } from '@backstage-itsm/plugin-itsm-common';

/**
 * The example portal's permission policy. SLAs are administered by the groups listed under
 * `itsm.permissions.adminGroups` (default: platform-team); everything else is allowed here.
 */
export class ItsmExamplePolicy implements PermissionPolicy {
  constructor(private readonly adminGroups: string[]) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    if (request.permission.name === itsmSlaAdminPermission.name) {
      const ownership = user?.info.ownershipEntityRefs ?? [];
      const isAdmin = ownership.some(ref => this.adminGroups.includes(ref.toLocaleLowerCase('en-US')));
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'itsm-example-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        const adminGroups = (
          config.getOptionalStringArray('itsm.permissions.adminGroups') ?? ['group:default/platform-team']
        ).map(g => g.toLocaleLowerCase('en-US'));
        policy.setPolicy(new ItsmExamplePolicy(adminGroups));
      },
    });
  },
});
