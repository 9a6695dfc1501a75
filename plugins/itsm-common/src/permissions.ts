import {
  AuthorizeResult,
  BasicPermission,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of every ITSM record (service, incident, problem, change). Conditional
 * rules (owned by the user's groups, user is a CAB member) apply to it.
 * @public
 */
export const ITSM_RECORD_RESOURCE_TYPE = 'itsm-record';

/** @public */
export type ItsmRecordPermission = ResourcePermission<
  typeof ITSM_RECORD_RESOURCE_TYPE
>;

/**
 * A permission checked against an ITSM record, so that a policy can make it conditional on the
 * record (its owner, its type).
 */
function recordPermission(
  name: string,
  action: 'read' | 'update',
): ResourcePermission<typeof ITSM_RECORD_RESOURCE_TYPE> {
  return createPermission({
    name,
    attributes: { action },
    resourceType: ITSM_RECORD_RESOURCE_TYPE,
  });
}

/**
 * A basic permission: there is no record to check it against (creating one, administering,
 * reading shared tiers); without `action` it names no CRUD action.
 */
function basicPermission(
  name: string,
  action?: 'create' | 'read',
): BasicPermission {
  return createPermission({ name, attributes: action ? { action } : {} });
}

/**
 * Reading ITSM records. A resource permission: the list and aggregate endpoints (summary, KPIs,
 * availability, change calendar) ask for it with `authorizeConditional` and apply a CONDITIONAL
 * decision as a filter in the database query (DENY returns an empty page); reads by id ask for
 * it with the record id as resourceRef and answer 404, like an unknown id, when it is denied.
 * Open to everybody in the example policy unless `itsm.permissions.readOtherTeams` is false.
 * @public
 */
export const itsmReadPermission = recordPermission('itsm.record.read', 'read');

/** @public */
export const itsmServiceCreatePermission = basicPermission(
  'itsm.service.create',
  'create',
);

/**
 * Administering services: registering services on any catalog entity (not only on entities the
 * caller's groups own) and naming any owner group (not only the entity's catalog owner). A basic
 * permission; the example policy grants it to the admin groups. @public
 */
export const itsmServiceAdminPermission = basicPermission('itsm.service.admin');

/** @public */
export const itsmServiceUpdatePermission = recordPermission(
  'itsm.service.update',
  'update',
);

/** @public */
export const itsmIncidentCreatePermission = basicPermission(
  'itsm.incident.create',
  'create',
);

/** @public */
export const itsmIncidentUpdatePermission = recordPermission(
  'itsm.incident.update',
  'update',
);

/** @public */
export const itsmProblemCreatePermission = basicPermission(
  'itsm.problem.create',
  'create',
);

/** @public */
export const itsmProblemUpdatePermission = recordPermission(
  'itsm.problem.update',
  'update',
);

/** @public */
export const itsmChangeCreatePermission = basicPermission(
  'itsm.change.create',
  'create',
);

/** @public */
export const itsmChangeUpdatePermission = recordPermission(
  'itsm.change.update',
  'update',
);

/** Casting a CAB vote on a change. @public */
export const itsmChangeApprovePermission = recordPermission(
  'itsm.change.approve',
  'update',
);

/** Creating and editing SLAs. @public */
export const itsmSlaAdminPermission = basicPermission('itsm.sla.admin');

/**
 * Reading SLA tiers (`GET /slas`, `/slas/{id}`). A basic permission: SLAs are shared tiers, not
 * records of a team, so there is nothing to make it conditional on. @public
 */
export const itsmSlaReadPermission = basicPermission('itsm.sla.read', 'read');

/** @public */
export const itsmPermissions = [
  itsmReadPermission,
  itsmServiceCreatePermission,
  itsmServiceAdminPermission,
  itsmServiceUpdatePermission,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  itsmProblemCreatePermission,
  itsmProblemUpdatePermission,
  itsmChangeCreatePermission,
  itsmChangeUpdatePermission,
  itsmChangeApprovePermission,
  itsmSlaAdminPermission,
  itsmSlaReadPermission,
];

/** The plugin that owns the `itsm-record` resource type (conditions are sent back to it). @public */
export const ITSM_PLUGIN_ID = 'itsm';

/** Names of the permission rules of `itsm-record` (registered by the ITSM backend). @public */
export const ITSM_RECORD_RULES = {
  isOwner: 'IS_OWNER',
  isCabMember: 'IS_CAB_MEMBER',
  isRecordType: 'IS_RECORD_TYPE',
} as const;

/** Parameters of `isOwner` and `isCabMember`: the user's ownership claims (`user.info.ownershipEntityRefs`). @public */
export type ItsmRecordRuleParams = { claims: string[] };

/** The record types an `itsm-record` is one of. @public */
export type ItsmRecordResourceType =
  | 'service'
  | 'incident'
  | 'problem'
  | 'change';

/** Parameters of `isRecordType`. @public */
export type ItsmRecordTypeRuleParams = { types: ItsmRecordResourceType[] };

/** The condition factory of one `itsm-record` rule: its parameters make the condition. */
function recordCondition<TParams extends PermissionRuleParams>(rule: string) {
  return (
    params: TParams,
  ): PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE, TParams> => ({
    rule,
    resourceType: ITSM_RECORD_RESOURCE_TYPE,
    params,
  });
}

/**
 * Conditions for permission policies, e.g.
 * `itsmRecordConditions.isOwner({ claims: user.info.ownershipEntityRefs })`.
 *
 * - `isOwner`: the record's owning group is one of the claims. The owning group of a service is
 *   its `ownerRef`; of an incident or problem the owner of its service; of a change the owners of
 *   the services of its entities (any of them).
 * - `isCabMember`: the CAB group (`itsm.changes.cab`, default `group:default/cab`) is one of the
 *   claims.
 * - `isRecordType`: the record is one of `types` (e.g. `['change']`), so a policy can grant
 *   something for one record type only, like reading changes to the CAB.
 * @public
 */
export const itsmRecordConditions = {
  isOwner: recordCondition<ItsmRecordRuleParams>(ITSM_RECORD_RULES.isOwner),
  isCabMember: recordCondition<ItsmRecordRuleParams>(
    ITSM_RECORD_RULES.isCabMember,
  ),
  isRecordType: recordCondition<ItsmRecordTypeRuleParams>(
    ITSM_RECORD_RULES.isRecordType,
  ),
};

/** A CONDITIONAL decision for an `itsm-record` permission. @public */
export function createItsmRecordConditionalDecision(
  permission: ItsmRecordPermission,
  conditions: PermissionCriteria<
    PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE>
  >,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: ITSM_PLUGIN_ID,
    resourceType: permission.resourceType,
    conditions,
  };
}
