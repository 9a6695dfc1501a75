import { Config } from '@backstage/config';

/**
 * What a service principal (a caller without a user: external access tokens, other plugins'
 * own credentials) may do in the ITSM plugin. Backstage's permissions service answers ALLOW to
 * every service principal without asking the policy (only the token's access restrictions
 * apply), so the plugin decides itself, from `itsm.servicePrincipals.allow`.
 */
export const SERVICE_PRINCIPAL_ACTIONS = [
  'read',
  'alerts',
  'deployments',
  'service.create',
  'service.update',
  'service.admin',
  'incident.create',
  'incident.update',
  'problem.create',
  'problem.update',
  'change.create',
  'change.update',
  'change.approve',
  'sla.admin',
] as const;

export type ServicePrincipalAction = (typeof SERVICE_PRINCIPAL_ACTIONS)[number];

/**
 * What the plugin's own integrations need: reading (search collators, scaffolder look-ups),
 * alerts and deployments in, opening incidents (the actions registry) and changes (the
 * scaffolder's `itsm:change:create` when no user started the task). Never SLA administration.
 * Not registering services: a service principal owns no catalog entity, so it would also need
 * `service.admin`; the scaffolder's `itsm:service:register` acts as the user who runs it.
 */
export const DEFAULT_SERVICE_PRINCIPAL_ALLOW: readonly ServicePrincipalAction[] =
  ['read', 'alerts', 'deployments', 'incident.create', 'change.create'];

const KEY = 'itsm.servicePrincipals.allow';

function actions(
  values: unknown[],
  where: string,
): Set<ServicePrincipalAction> {
  const set = new Set<ServicePrincipalAction>();
  for (const [i, value] of values.entries()) {
    if (
      typeof value !== 'string' ||
      !(SERVICE_PRINCIPAL_ACTIONS as readonly string[]).includes(value)
    ) {
      throw new Error(
        `${where}[${i}]: unknown ITSM action '${String(
          value,
        )}'; expected one of ${SERVICE_PRINCIPAL_ACTIONS.join(', ')}`,
      );
    }
    set.add(value as ServicePrincipalAction);
  }
  return set;
}

/**
 * The allow-list: `general` applies to every service principal without an entry of its own; a
 * `{ subject, allow }` entry replaces it for that subject (so it can narrow as well as widen).
 */
export class ServicePrincipalPolicy {
  constructor(
    private readonly general: ReadonlySet<ServicePrincipalAction> = new Set(
      DEFAULT_SERVICE_PRINCIPAL_ALLOW,
    ),
    private readonly bySubject: ReadonlyMap<
      string,
      ReadonlySet<ServicePrincipalAction>
    > = new Map(),
  ) {}

  /**
   * `itsm.servicePrincipals.allow`: action names and `{ subject, allow: [...] }` entries.
   * Without the key the default applies. A typo fails the start-up rather than silently
   * refusing (or allowing) an integration.
   */
  static fromConfig(config: Config): ServicePrincipalPolicy {
    if (!config.has(KEY)) return new ServicePrincipalPolicy();
    const raw = config.get(KEY);
    if (!Array.isArray(raw)) throw new Error(`${KEY}: must be a list`);
    const general: unknown[] = [];
    const bySubject = new Map<string, Set<ServicePrincipalAction>>();
    for (const [i, entry] of raw.entries()) {
      if (typeof entry === 'string') {
        general.push(entry);
        continue;
      }
      const e = entry as { subject?: unknown; allow?: unknown } | null;
      if (
        !e ||
        typeof e !== 'object' ||
        typeof e.subject !== 'string' ||
        !e.subject ||
        !Array.isArray(e.allow)
      ) {
        throw new Error(
          `${KEY}[${i}]: must be an action name or { subject: string, allow: [action, ...] }`,
        );
      }
      if (bySubject.has(e.subject))
        throw new Error(`${KEY}[${i}]: subject '${e.subject}' is listed twice`);
      bySubject.set(e.subject, actions(e.allow, `${KEY}[${i}].allow`));
    }
    return new ServicePrincipalPolicy(actions(general, KEY), bySubject);
  }

  /** Whether the service principal with this subject (`external:ci`, `plugin:search`, …) may do `action`. */
  allows(subject: string, action: string): boolean {
    const list = this.bySubject.get(subject) ?? this.general;
    return list.has(action as ServicePrincipalAction);
  }
}
