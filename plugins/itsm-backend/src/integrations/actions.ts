import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  INCIDENT_STATES,
  IncidentState,
} from '@backstage-itsm/plugin-itsm-common';
// The actions registry hands the input schemas zod's v3 API (see ActionsRegistryActionOptions).
import type { z as zod } from 'zod/v3';
import { actorOf, ActionContext } from '../app/context';
import { ItsmApplication } from '../app/ItsmApplication';
import {
  ANY_CONTROL_CHARACTER,
  CONTROL_CHARACTER_IN_TEXT,
  MAX_REF_LENGTH,
  normalizeEntityRef,
} from '../app/validation';
import { entityItsmLink } from './notifications';

export interface ItsmActionsOptions {
  actionsRegistry: ActionsRegistryService;
  app: ItsmApplication;
  /** Injected clock for tests; defaults to the wall clock. */
  clock?: () => Date;
}

const STATES = INCIDENT_STATES as unknown as [
  IncidentState,
  ...IncidentState[],
];
const PRIORITY_VALUES = ['P1', 'P2', 'P3', 'P4'] as const;

/** The entity ref input of an action: non-empty, bounded, without control characters. */
function entityRefInput(z: typeof zod, description: string) {
  return z
    .string()
    .min(1)
    .max(MAX_REF_LENGTH)
    .refine(
      v => !ANY_CONTROL_CHARACTER.test(v),
      'must not contain control characters',
    )
    .describe(description);
}

/**
 * Registers the ITSM actions with the actions registry (`itsm:list-incidents`,
 * `itsm:get-itsm-summary`, `itsm:create-incident`), so AI agents reach them through the MCP
 * actions backend. Each runs as the caller: the action's credentials become the actor of the
 * ActionContext, so permissions, `createdBy` and the history name the person or service.
 */
export function registerItsmActions(options: ItsmActionsOptions): void {
  const { actionsRegistry, app } = options;
  const clock = options.clock ?? (() => new Date());
  const contextOf = (credentials: BackstageCredentials): ActionContext => ({
    actor: actorOf(credentials),
    credentials,
    now: clock().toISOString(),
  });

  actionsRegistry.register({
    name: 'list-incidents',
    title: 'List ITSM incidents of a catalog entity',
    description:
      'Lists the incidents of a catalog entity (e.g. component:default/checkout), newest first. ' +
      'Optionally filter by state (new, in_progress, on_hold, resolved, closed, canceled); ' +
      'open incidents are new, in_progress and on_hold. Priority P1 is the most urgent.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(
            z,
            'Entity ref, e.g. component:default/checkout (kind defaults to component)',
          ),
          state: z
            .array(z.enum(STATES))
            .optional()
            .describe('Only incidents in these states'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe('At most this many (default 20)'),
        }),
      output: z =>
        z.object({
          items: z.array(
            z.object({
              id: z.string(),
              number: z.string(),
              title: z.string(),
              priority: z.enum(PRIORITY_VALUES),
              state: z.enum(STATES),
              openedAt: z.string(),
              assigneeRef: z.string().nullable(),
            }),
          ),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      // Through the application layer, so the caller's read decision filters the list.
      const page = await app.listIncidents(
        {
          entityRef: normalizeEntityRef(input.entityRef, 'entityRef'),
          states: input.state?.length ? input.state : undefined,
          limit: input.limit ?? 20,
          sort: 'openedAt',
          order: 'desc',
        },
        contextOf(credentials),
      );
      return {
        output: {
          items: page.items.map(i => ({
            id: i.id,
            number: i.number,
            title: i.title,
            priority: i.priority,
            state: i.state,
            openedAt: i.openedAt,
            assigneeRef: i.assigneeRef,
          })),
          totalCount: page.totalCount,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-itsm-summary',
    title: 'Get the ITSM summary of a catalog entity',
    description:
      'Answers the IT service management state of a catalog entity: health (operational, ' +
      'degraded, major_outage), its registered services, open incidents counted by priority, ' +
      'and the next planned changes.',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(
            z,
            'Entity ref, e.g. component:default/checkout',
          ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          health: z.enum(['operational', 'degraded', 'major_outage']),
          services: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              ownerRef: z.string(),
              criticality: z.number(),
              lifecycle: z.string(),
              slaId: z.string().nullable(),
            }),
          ),
          openIncidentsByPriority: z.object({
            P1: z.number(),
            P2: z.number(),
            P3: z.number(),
            P4: z.number(),
          }),
          openIncidents: z.number(),
          nextChanges: z.array(
            z.object({
              id: z.string(),
              number: z.string(),
              title: z.string(),
              type: z.string(),
              state: z.string(),
              risk: z.string().nullable(),
              plannedStart: z.string().nullable(),
              plannedEnd: z.string().nullable(),
            }),
          ),
          link: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = normalizeEntityRef(input.entityRef, 'entityRef');
      const summary = await app.entitySummary(
        entityRef,
        contextOf(credentials),
      );
      return {
        output: {
          entityRef: summary.entityRef,
          health: summary.health,
          services: summary.services.map(s => ({
            id: s.id,
            name: s.name,
            ownerRef: s.ownerRef,
            criticality: s.criticality,
            lifecycle: s.lifecycle,
            slaId: s.slaId,
          })),
          openIncidentsByPriority: summary.openIncidentsByPriority,
          openIncidents: summary.openIncidents.length,
          nextChanges: summary.nextChanges.map(c => ({
            id: c.id,
            number: c.number,
            title: c.title,
            type: c.type,
            state: c.state,
            risk: c.risk,
            plannedStart: c.plannedStart,
            plannedEnd: c.plannedEnd,
          })),
          link: entityItsmLink(entityRef),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'create-incident',
    title: 'Open an ITSM incident',
    description:
      'Opens an incident on a catalog entity. The priority follows from impact × urgency ' +
      '(1 = high … 3 = low; impact 1 and urgency 1 make a P1). The incident is attributed to ' +
      'the calling user or service.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(
            z,
            'Entity ref of the affected component, e.g. component:default/checkout',
          ),
          // The same bounds as POST /incidents (openapi.yaml): what the database columns hold.
          title: z
            .string()
            .min(1)
            .max(200)
            .refine(
              v => !CONTROL_CHARACTER_IN_TEXT.test(v),
              'must not contain control characters',
            )
            .describe('Short summary of the disruption'),
          description: z
            .string()
            .max(20000)
            .refine(
              v => !CONTROL_CHARACTER_IN_TEXT.test(v),
              'must not contain control characters',
            )
            .optional()
            .describe('What is wrong, since when, who is affected'),
          impact: z
            .number()
            .int()
            .min(1)
            .max(3)
            .describe('1 = many users/business-critical … 3 = few users'),
          urgency: z
            .number()
            .int()
            .min(1)
            .max(3)
            .describe('1 = needs action now … 3 = can wait'),
          serviceId: z
            .string()
            .uuid()
            .optional()
            .describe(
              'Id of the ITSM service; required when the entity has several (see itsm:get-itsm-summary)',
            ),
        }),
      output: z =>
        z.object({
          id: z.string(),
          number: z.string(),
          priority: z.enum(PRIORITY_VALUES),
          state: z.string(),
          link: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const incident = await app.createIncident(
        {
          entityRef: normalizeEntityRef(input.entityRef, 'entityRef'),
          ...(input.serviceId ? { serviceId: input.serviceId } : {}),
          title: input.title,
          description: input.description ?? null,
          impact: input.impact as 1 | 2 | 3,
          urgency: input.urgency as 1 | 2 | 3,
          source: 'portal',
        },
        contextOf(credentials),
      );
      return {
        output: {
          id: incident.id,
          number: incident.number,
          priority: incident.priority,
          state: incident.state,
          link: entityItsmLink(incident.entityRef),
        },
      };
    },
  });
}
