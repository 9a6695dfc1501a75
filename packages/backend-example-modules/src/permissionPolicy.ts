import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createItsmRecordConditionalDecision,
  ITSM_RECORD_RESOURCE_TYPE,
  itsmChangeApprovePermission,
  itsmChangeCreatePermission,
  itsmChangeUpdatePermission,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  itsmProblemCreatePermission,
  itsmProblemUpdatePermission,
  itsmReadPermission,
  itsmRecordConditions,
  itsmServiceAdminPermission,
  itsmServiceCreatePermission,
  itsmServiceUpdatePermission,
  itsmSlaAdminPermission,
  itsmSlaReadPermission,
} from '@backstage-itsm/plugin-itsm-common';

const CREATE = new Set([
  itsmServiceCreatePermission.name,
  itsmIncidentCreatePermission.name,
  itsmProblemCreatePermission.name,
  itsmChangeCreatePermission.name,
]);
const UPDATE = new Set([
  itsmServiceUpdatePermission.name,
  itsmIncidentUpdatePermission.name,
  itsmProblemUpdatePermission.name,
  itsmChangeUpdatePermission.name,
]);

/** Options of the example policy (from `itsm.permissions.*`). */
export interface ItsmExamplePolicyOptions {
  /**
   * false: users read only their teams' records (see the class comment); true (the default):
   * everyone reads every ITSM record.
   */
  readOtherTeams?: boolean;
}

/**
 * The example portal's permission policy:
 *
 * - everyone reads ITSM records (`itsm.record.read` → ALLOW) — unless
 *   `itsm.permissions.readOtherTeams` is false: then the admin groups and service principals
 *   read everything, everybody else CONDITIONAL `isOwner` (their groups' services and the
 *   incidents, problems and changes of those services), and CAB members every change as well
 *   (`isRecordType(change)` AND `isCabMember`: the CAB reviews changes of all teams);
 * - everyone reads the SLA tiers (`itsm.sla.read` → ALLOW; tiers are shared, not team records);
 * - SLAs are administered by the admin groups (`itsm.permissions.adminGroups`, default
 *   `group:default/platform-team`) only;
 * - service administration (`itsm.service.admin`: registering services on entities the user's
 *   groups do not own, naming an owner group other than the entity's catalog owner): the admin
 *   groups only;
 * - every signed-in user may create services, incidents, problems and changes;
 * - updating a service, incident, problem or change: the owners (CONDITIONAL `isOwner`: the
 *   owning group of the record's service is one of the user's groups) and the admin groups;
 * - voting on a change: CONDITIONAL `isCabMember` OR `isOwner` (owner approval of high-risk
 *   changes; the backend's CAB policy still decides which vote counts as what);
 * - service principals never reach this policy (Backstage's permissions service allows them
 *   outright); the ITSM plugin limits them itself with `itsm.servicePrincipals.allow`;
 * - every other plugin's permission (catalog, scaffolder, …) → ALLOW.
 */
export class ItsmExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly adminGroups: string[],
    private readonly options: ItsmExamplePolicyOptions = {},
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('itsm.'))
      return { result: AuthorizeResult.ALLOW };

    const claims = user?.info.ownershipEntityRefs ?? [];
    const isAdmin = claims.some(ref =>
      this.adminGroups.includes(ref.toLocaleLowerCase('en-US')),
    );

    if (
      permission.name === itsmSlaAdminPermission.name ||
      permission.name === itsmServiceAdminPermission.name
    ) {
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (permission.name === itsmSlaReadPermission.name)
      return { result: AuthorizeResult.ALLOW };
    if (permission.name === itsmReadPermission.name) {
      if (this.options.readOtherTeams !== false || !user || isAdmin)
        return { result: AuthorizeResult.ALLOW };
      return createItsmRecordConditionalDecision(itsmReadPermission, {
        anyOf: [
          itsmRecordConditions.isOwner({ claims }),
          {
            allOf: [
              itsmRecordConditions.isRecordType({ types: ['change'] }),
              itsmRecordConditions.isCabMember({ claims }),
            ],
          },
        ],
      });
    }
    if (!user) return { result: AuthorizeResult.ALLOW }; // service principals
    if (CREATE.has(permission.name)) return { result: AuthorizeResult.ALLOW };
    if (isAdmin) return { result: AuthorizeResult.ALLOW };

    if (isResourcePermission(permission, ITSM_RECORD_RESOURCE_TYPE)) {
      if (UPDATE.has(permission.name)) {
        return createItsmRecordConditionalDecision(
          permission,
          itsmRecordConditions.isOwner({ claims }),
        );
      }
      if (permission.name === itsmChangeApprovePermission.name) {
        return createItsmRecordConditionalDecision(permission, {
          anyOf: [
            itsmRecordConditions.isCabMember({ claims }),
            itsmRecordConditions.isOwner({ claims }),
          ],
        });
      }
    }
    return { result: AuthorizeResult.DENY };
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
          config.getOptionalStringArray('itsm.permissions.adminGroups') ?? [
            'group:default/platform-team',
          ]
        ).map(g => g.toLocaleLowerCase('en-US'));
        const readOtherTeams =
          config.getOptionalBoolean('itsm.permissions.readOtherTeams') ?? true;
        policy.setPolicy(
          new ItsmExamplePolicy(adminGroups, { readOtherTeams }),
        );
      },
    });
  },
});
