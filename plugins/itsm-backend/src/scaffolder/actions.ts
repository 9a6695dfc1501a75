import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CHANGE_TYPES,
  ChangeType,
  Criticality,
  ItsmClient,
  SERVICE_CATEGORIES,
  SERVICE_LIFECYCLES,
  ServiceCategory,
  ServiceLifecycle,
} from '@backstage-itsm/plugin-itsm-common';

/** What the ITSM scaffolder actions need. @public */
export interface ItsmScaffolderActionsOptions {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
}

/** Rethrows an ITSM API error with the API's message (e.g. which field is wrong). */
async function api<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    // The client's ResponseError carries the API's error body.
    const body = (
      e as
        | { body?: { error?: { message?: string; name?: string } } }
        | undefined
    )?.body;
    const message = body?.error?.message;
    if (!message) throw e;
    const error = new Error(`${what}: ${message}`);
    error.name = body?.error?.name ?? 'Error';
    throw error;
  }
}

/**
 * Optional template parameters the user left empty arrive as '' (or null): treat them as not
 * given rather than sending empty strings to the API.
 */
function withoutBlanks<T extends Record<string, unknown>>(input: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === '' || value === null || value === undefined) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out as T;
}

/** Form values arrive as strings or numbers ("1" from an enum picker): accept both. */
function criticalityOf(value: unknown): Criticality | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (![1, 2, 3, 4].includes(n))
    throw new InputError(`criticality: must be 1..4, got '${value}'`);
  return n as Criticality;
}

function impactOf(value: unknown): 1 | 2 | 3 | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (![1, 2, 3].includes(n))
    throw new InputError(`impact: must be 1..3, got '${value}'`);
  return n as 1 | 2 | 3;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
): T | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const v = String(value).toLocaleLowerCase('en-US') as T;
  if (!allowed.includes(v))
    throw new InputError(
      `${field}: must be one of ${allowed.join(', ')}, got '${value}'`,
    );
  return v;
}

/**
 * `itsm:service:register`: registers an ITSM service for a catalog entity, as the user who
 * runs the template (their permissions apply).
 * @public
 */
export function createItsmServiceRegisterAction(
  options: ItsmScaffolderActionsOptions,
) {
  const client = new ItsmClient({ discoveryApi: options.discovery });
  return createTemplateAction({
    id: 'itsm:service:register',
    description:
      'Registers an ITSM service for a catalog entity (Component, System or Resource) with an SLA, criticality and category.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register the component as a Gold service',
        example: [
          'steps:',
          '  - id: itsm',
          '    name: Register ITSM service',
          '    action: itsm:service:register',
          '    input:',
          '      entityRef: component:default/recommendation-engine',
          '      name: Recommendations',
          '      slaName: Gold',
          '      criticality: 2',
          '      category: application',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The catalog entity the service belongs to, e.g. component:default/checkout',
            ),
        name: z => z.string().min(1).describe('Service name'),
        slaName: z =>
          z
            .string()
            .optional()
            .describe('Name of the SLA (case-insensitive), e.g. Gold'),
        slaId: z =>
          z.string().optional().describe('Id of the SLA (instead of slaName)'),
        criticality: z =>
          z
            .union([z.number(), z.string()])
            .optional()
            .describe('1 (most critical) .. 4; default 3'),
        category: z =>
          z
            .string()
            .optional()
            .describe(
              `One of ${SERVICE_CATEGORIES.join(', ')}; default application`,
            ),
        purpose: z =>
          z.string().optional().describe('What the service does for its users'),
        ownerRef: z =>
          z
            .string()
            .optional()
            .describe(
              "Owning group; defaults to the entity's spec.owner (another group needs itsm.service.admin)",
            ),
        lifecycle: z =>
          z
            .string()
            .optional()
            .describe(`One of ${SERVICE_LIFECYCLES.join(', ')}; default live`),
        supportHours: z =>
          z.string().optional().describe('e.g. 24x7 or Mon–Fri 08–18 CET'),
        contact: z => z.string().optional().describe('e.g. a chat channel'),
      },
      output: {
        serviceId: z => z.string().describe('Id of the new ITSM service'),
        slaId: z => z.string().nullable().describe('Id of its SLA'),
      },
    },
    async handler(ctx) {
      const input = withoutBlanks(ctx.input);
      const criticality = criticalityOf(input.criticality);
      const category = oneOf<ServiceCategory>(
        input.category,
        SERVICE_CATEGORIES,
        'category',
      );
      const lifecycle = oneOf<ServiceLifecycle>(
        input.lifecycle,
        SERVICE_LIFECYCLES,
        'lifecycle',
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ITSM service '${input.name}' for ${input.entityRef}`,
        );
        ctx.output('serviceId', 'dry-run');
        ctx.output('slaId', input.slaId ?? null);
        return;
      }
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'itsm',
      });

      let slaId = input.slaId ?? null;
      if (!slaId && input.slaName) {
        const wanted = input.slaName.toLocaleLowerCase('en-US');
        const page = await api('Could not read the SLAs', () =>
          client.listSlas({ q: input.slaName, limit: 500 }, { token }),
        );
        const sla = page.items.find(
          s => s.name.toLocaleLowerCase('en-US') === wanted,
        );
        if (!sla)
          throw new InputError(`slaName: no SLA named '${input.slaName}'`);
        slaId = sla.id;
      }

      const service = await api('Could not register the ITSM service', () =>
        client.createService(
          {
            entityRef: input.entityRef,
            name: input.name,
            purpose: input.purpose,
            ownerRef: input.ownerRef,
            category,
            criticality,
            lifecycle,
            supportHours: input.supportHours,
            contact: input.contact,
            slaId,
          },
          { token },
        ),
      );
      ctx.logger.info(
        `Registered ITSM service '${service.name}' (${service.id}) for ${service.entityRef}`,
      );
      ctx.output('serviceId', service.id);
      ctx.output('slaId', service.slaId);
    },
  });
}

/**
 * `itsm:change:create`: raises a change request (standard, normal or emergency) as the user
 * who runs the template. Risk and conflicts are assessed by the ITSM backend.
 * @public
 */
export function createItsmChangeCreateAction(
  options: ItsmScaffolderActionsOptions,
) {
  const client = new ItsmClient({ discoveryApi: options.discovery });
  return createTemplateAction({
    id: 'itsm:change:create',
    description:
      'Raises an ITSM change request for catalog entities; returns its number and assessed risk.',
    supportsDryRun: true,
    examples: [
      {
        description: 'A normal change with a risk questionnaire',
        example: [
          'steps:',
          '  - id: change',
          '    name: Raise change',
          '    action: itsm:change:create',
          '    input:',
          '      title: Migrate orders-db to PostgreSQL 16',
          '      type: normal',
          '      entityRefs: [component:default/checkout-service]',
          "      plannedStart: '2026-12-01T20:00:00Z'",
          "      plannedEnd: '2026-12-01T22:00:00Z'",
          '      rollbackPlan: Restore the snapshot',
          '      riskAssessment: { userFacing: true, rollbackTested: true, dataMigration: true }',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        title: z => z.string().min(1).describe('Title of the change'),
        description: z => z.string().optional(),
        type: z =>
          z
            .string()
            .optional()
            .describe(`One of ${CHANGE_TYPES.join(', ')}; default normal`),
        entityRefs: z =>
          z.array(z.string()).min(1).describe('Affected catalog entities'),
        impact: z =>
          z
            .union([z.number(), z.string()])
            .optional()
            .describe('1 (high) .. 3 (low)'),
        plannedStart: z => z.string().optional().describe('ISO 8601 date-time'),
        plannedEnd: z => z.string().optional().describe('ISO 8601 date-time'),
        plannedOutage: z => z.boolean().optional(),
        implementationPlan: z => z.string().optional(),
        rollbackPlan: z => z.string().optional(),
        testPlan: z => z.string().optional(),
        riskAssessment: z =>
          z
            .object({
              userFacing: z.boolean().optional(),
              rollbackTested: z.boolean().optional(),
              dataMigration: z.boolean().optional(),
              peakHours: z.boolean().optional(),
              affectedComponents: z.number().optional(),
              recentFailedChanges: z.number().optional(),
            })
            .optional()
            .describe(
              'Answers of the risk questionnaire (normal and emergency changes)',
            ),
      },
      output: {
        changeId: z => z.string().describe('Id of the change'),
        number: z => z.string().describe('e.g. CHG-1042'),
        risk: z =>
          z.string().nullable().describe('Assessed risk: low, medium or high'),
        state: z => z.string().describe('State of the new change'),
      },
    },
    async handler(ctx) {
      const input = withoutBlanks(ctx.input);
      const type =
        oneOf<ChangeType>(input.type, CHANGE_TYPES, 'type') ?? 'normal';
      const impact = impactOf(input.impact);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would raise a ${type} change '${
            input.title
          }' for ${input.entityRefs.join(', ')}`,
        );
        ctx.output('changeId', 'dry-run');
        ctx.output('number', 'CHG-0000');
        ctx.output('risk', null);
        ctx.output('state', 'new');
        return;
      }
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'itsm',
      });
      const change = await api('Could not create the change', () =>
        client.createChange(
          {
            title: input.title,
            description: input.description,
            type,
            entityRefs: input.entityRefs,
            impact,
            plannedStart: input.plannedStart,
            plannedEnd: input.plannedEnd,
            plannedOutage: input.plannedOutage,
            implementationPlan: input.implementationPlan,
            rollbackPlan: input.rollbackPlan,
            testPlan: input.testPlan,
            riskAssessment: input.riskAssessment,
          },
          { token },
        ),
      );
      ctx.logger.info(
        `Raised change ${change.number} (${change.type}, risk ${
          change.risk ?? 'not assessed'
        })`,
      );
      ctx.output('changeId', change.id);
      ctx.output('number', change.number);
      ctx.output('risk', change.risk);
      ctx.output('state', change.state);
    },
  });
}
