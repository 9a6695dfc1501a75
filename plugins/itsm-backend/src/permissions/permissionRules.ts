import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  ITSM_PLUGIN_ID,
  ITSM_RECORD_RESOURCE_TYPE,
  ITSM_RECORD_RULES,
} from '@backstage-itsm/plugin-itsm-common';
import { z } from 'zod';
import {
  ItsmRecordQuery,
  ItsmRecordResource,
  ItsmStore,
} from '../store/ItsmStore';

export type { ItsmRecordQuery, ItsmRecordResource };

/** @public */
export const itsmRecordPermissionResourceRef = createPermissionResourceRef<
  ItsmRecordResource,
  ItsmRecordQuery
>().with({ pluginId: ITSM_PLUGIN_ID, resourceType: ITSM_RECORD_RESOURCE_TYPE });

const lower = (refs: string[]) => refs.map(r => r.toLocaleLowerCase('en-US'));
const claimsSchema = z.object({
  claims: z
    .array(z.string())
    .describe(
      "The user's ownership entity refs (user.info.ownershipEntityRefs)",
    ),
});

/** Owned by the user's groups: the record's owning group is one of the claims. */
export const isOwnerRule = createPermissionRule({
  name: ITSM_RECORD_RULES.isOwner,
  description:
    'Allow ITSM records owned by one of the given groups (the owner of the service)',
  resourceRef: itsmRecordPermissionResourceRef,
  paramsSchema: claimsSchema,
  apply: (resource, { claims }) => {
    const set = new Set(lower(claims));
    return resource.ownerRefs.some(ref => set.has(ref));
  },
  toQuery: ({ claims }) => ({ kind: 'owner', claims: lower(claims) }),
});

/** The user is a member of the CAB: the CAB group ref is one of the claims. */
export function createIsCabMemberRule(cabGroupRef: string) {
  const cab = cabGroupRef.toLocaleLowerCase('en-US');
  const isMember = (claims: string[]) => lower(claims).includes(cab);
  return createPermissionRule({
    name: ITSM_RECORD_RULES.isCabMember,
    description: `Allow members of the Change Advisory Board (${cabGroupRef})`,
    resourceRef: itsmRecordPermissionResourceRef,
    paramsSchema: claimsSchema,
    apply: (_resource, { claims }) => isMember(claims),
    toQuery: ({ claims }) => ({ kind: 'const', value: isMember(claims) }),
  });
}

const RECORD_TYPES = ['service', 'incident', 'problem', 'change'] as const;

/** The record is one of the given types (a policy grants something for changes only, say). */
export const isRecordTypeRule = createPermissionRule({
  name: ITSM_RECORD_RULES.isRecordType,
  description:
    'Allow ITSM records of the given types (service, incident, problem, change)',
  resourceRef: itsmRecordPermissionResourceRef,
  paramsSchema: z.object({
    types: z.array(z.enum(RECORD_TYPES)).describe('The record types'),
  }),
  apply: (resource, { types }) => types.includes(resource.recordType),
  toQuery: ({ types }) => ({ kind: 'recordType', types }),
});

/**
 * Loads records by id (any of the four types; ids are UUIDs) for the permission framework's
 * conditional resolution, with their owning groups.
 */
export async function loadItsmRecordResources(
  store: Pick<
    ItsmStore,
    | 'getServices'
    | 'getIncidents'
    | 'getProblems'
    | 'getChanges'
    | 'getServicesByEntities'
  >,
  ids: string[],
): Promise<Array<ItsmRecordResource | undefined>> {
  const [services, incidents, problems, changes] = await Promise.all([
    store.getServices(ids),
    store.getIncidents(ids),
    store.getProblems(ids),
    store.getChanges(ids),
  ]);
  const serviceIds = [
    ...incidents.map(i => i.serviceId),
    ...problems.map(p => p.serviceId),
  ].filter((id): id is string => !!id);
  const owners = new Map<string, string>();
  for (const s of [
    ...services,
    ...(await store.getServices([...new Set(serviceIds)])),
  ]) {
    if (s.ownerRef) owners.set(s.id, s.ownerRef.toLocaleLowerCase('en-US'));
  }
  const ownerOf = (serviceId: string | null) =>
    (serviceId && owners.get(serviceId)) || undefined;
  const found = new Map<string, ItsmRecordResource>();
  for (const s of services) {
    found.set(s.id, {
      id: s.id,
      recordType: 'service',
      ownerRefs: s.ownerRef ? lower([s.ownerRef]) : [],
    });
  }
  for (const i of incidents) {
    const o = ownerOf(i.serviceId);
    found.set(i.id, {
      id: i.id,
      recordType: 'incident',
      ownerRefs: o ? [o] : [],
    });
  }
  for (const p of problems) {
    const o = ownerOf(p.serviceId);
    found.set(p.id, {
      id: p.id,
      recordType: 'problem',
      ownerRefs: o ? [o] : [],
    });
  }
  for (const c of changes) {
    const changeServices = await store.getServicesByEntities(c.entityRefs);
    found.set(c.id, {
      id: c.id,
      recordType: 'change',
      ownerRefs: [
        ...new Set(
          changeServices
            .map(s => s.ownerRef)
            .filter(Boolean)
            .map(r => r!.toLocaleLowerCase('en-US')),
        ),
      ],
    });
  }
  return ids.map(id => found.get(id));
}

/** The `itsm-record` rules, the CAB rule naming the configured CAB group. */
export function createItsmRecordRules(cabGroupRef: string) {
  return [isOwnerRule, createIsCabMemberRule(cabGroupRef), isRecordTypeRule];
}
