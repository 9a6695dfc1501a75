import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of every ITSM record (service, incident, problem, change). Conditional
 * rules (owned by the user's groups, user is a CAB member) apply to it.
 * @public
 */
export const ITSM_RECORD_RESOURCE_TYPE = 'itsm-record';

/** @public */
export type ItsmRecordPermission = ResourcePermission<typeof ITSM_RECORD_RESOURCE_TYPE>;

/**
 * Reading ITSM records. A resource permission: the list and aggregate endpoints (summary, KPIs,
 * availability, change calendar) ask for it with `authorizeConditional` and apply a CONDITIONAL
 * decision as a filter in the database query (DENY returns an empty page); reads by id ask for
 * it with the record id as resourceRef and answer 404, like an unknown id, when it is denied.
 * Open to everybody in the example policy unless `itsm.permissions.readOtherTeams` is false.
 * @public
 */
export const itsmReadPermission = createPermission({
  name: 'itsm.record.read',
  attributes: { action: 'read' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** @public */
export const itsmServiceCreatePermission = createPermission({
  name: 'itsm.service.create',
  attributes: { action: 'create' },
});

/**
 * Administering services: registering services on any catalog entity (not only on entities the
 * caller's groups own) and naming any owner group (not only the entity's catalog owner). A basic
 * permission; the example policy grants it to the admin groups. @public
 */
export const itsmServiceAdminPermission = createPermission({
  name: 'itsm.service.admin',
  attributes: {},
});

/** @public */
export const itsmServiceUpdatePermission = createPermission({
  name: 'itsm.service.update',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** @public */
export const itsmIncidentCreatePermission = createPermission({
  name: 'itsm.incident.create',
  attributes: { action: 'create' },
});

/** @public */
export const itsmIncidentUpdatePermission = createPermission({
  name: 'itsm.incident.update',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** @public */
export const itsmProblemCreatePermission = createPermission({
  name: 'itsm.problem.create',
  attributes: { action: 'create' },
});

/** @public */
export const itsmProblemUpdatePermission = createPermission({
  name: 'itsm.problem.update',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** @public */
export const itsmChangeCreatePermission = createPermission({
  name: 'itsm.change.create',
  attributes: { action: 'create' },
});

/** @public */
export const itsmChangeUpdatePermission = createPermission({
  name: 'itsm.change.update',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** Casting a CAB vote on a change. @public */
export const itsmChangeApprovePermission = createPermission({
  name: 'itsm.change.approve',
  attributes: { action: 'update' },
  resourceType: ITSM_RECORD_RESOURCE_TYPE,
});

/** Creating and editing SLAs. @public */
export const itsmSlaAdminPermission = createPermission({
  name: 'itsm.sla.admin',
  attributes: {},
});

/**
 * Reading SLA tiers (`GET /slas`, `/slas/{id}`). A basic permission: SLAs are shared tiers, not
 * records of a team, so there is nothing to make it conditional on. @public
 */
export const itsmSlaReadPermission = createPermission({
  name: 'itsm.sla.read',
  attributes: { action: 'read' },
});

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
export type ItsmRecordResourceType = 'service' | 'incident' | 'problem' | 'change';

/** Parameters of `isRecordType`. @public */
export type ItsmRecordTypeRuleParams = { types: ItsmRecordResourceType[] };

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
  isOwner: (
    params: ItsmRecordRuleParams,
  ): PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE, ItsmRecordRuleParams> => ({
    rule: ITSM_RECORD_RULES.isOwner,
    resourceType: ITSM_RECORD_RESOURCE_TYPE,
    params,
  }),
  isCabMember: (
    params: ItsmRecordRuleParams,
  ): PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE, ItsmRecordRuleParams> => ({
    rule: ITSM_RECORD_RULES.isCabMember,
    resourceType: ITSM_RECORD_RESOURCE_TYPE,
    params,
  }),
  isRecordType: (
    params: ItsmRecordTypeRuleParams,
  ): PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE, ItsmRecordTypeRuleParams> => ({
    rule: ITSM_RECORD_RULES.isRecordType,
    resourceType: ITSM_RECORD_RESOURCE_TYPE,
    params,
  }),
};

/** A CONDITIONAL decision for an `itsm-record` permission. @public */
export function createItsmRecordConditionalDecision(
  permission: ItsmRecordPermission,
  conditions: PermissionCriteria<PermissionCondition<typeof ITSM_RECORD_RESOURCE_TYPE>>,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: ITSM_PLUGIN_ID,
    resourceType: permission.resourceType,
    conditions,
  };
}
