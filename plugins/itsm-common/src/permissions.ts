import {
  createPermission,
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

/** Reading is open to every signed-in user and service principal; kept for policies that want to narrow it. @public */
export const itsmReadPermission = createPermission({
  name: 'itsm.record.read',
  attributes: { action: 'read' },
});

/** @public */
export const itsmServiceCreatePermission = createPermission({
  name: 'itsm.service.create',
  attributes: { action: 'create' },
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

/** @public */
export const itsmPermissions = [
  itsmReadPermission,
  itsmServiceCreatePermission,
  itsmServiceUpdatePermission,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  itsmProblemCreatePermission,
  itsmProblemUpdatePermission,
  itsmChangeCreatePermission,
  itsmChangeUpdatePermission,
  itsmChangeApprovePermission,
  itsmSlaAdminPermission,
];
