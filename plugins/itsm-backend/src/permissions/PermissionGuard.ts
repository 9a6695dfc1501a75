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
  itsmReadPermission,
  itsmServiceAdminPermission,
  itsmServiceCreatePermission,
  itsmServiceUpdatePermission,
  itsmSlaAdminPermission,
  itsmSlaReadPermission,
} from '@backstage-itsm/plugin-itsm-common';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import { ItsmRecordQuery, ItsmRecordResource } from '../store/ItsmStore';
import { GuardContext, MutationGuard, ReadDecision } from './MutationGuard';
import { ServicePrincipalPolicy } from './servicePrincipals';

const PERMISSIONS: Record<string, Permission> = {
  'sla.admin': itsmSlaAdminPermission,
  'sla.read': itsmSlaReadPermission,
  'service.create': itsmServiceCreatePermission,
  'service.admin': itsmServiceAdminPermission,
  'service.update': itsmServiceUpdatePermission,
  'incident.create': itsmIncidentCreatePermission,
  'incident.update': itsmIncidentUpdatePermission,
  'problem.create': itsmProblemCreatePermission,
  'problem.update': itsmProblemUpdatePermission,
  'change.create': itsmChangeCreatePermission,
  'change.update': itsmChangeUpdatePermission,
  'change.approve': itsmChangeApprovePermission,
  // Machine intake: the permission of what it writes (policies see incident/change creation).
  alerts: itsmIncidentCreatePermission,
  deployments: itsmChangeCreatePermission,
};

type ItsmRule = PermissionRule<
  ItsmRecordResource,
  ItsmRecordQuery,
  string,
  PermissionRuleParams
>;

export interface PermissionGuardOptions {
  /** The `itsm-record` rules (to resolve CONDITIONAL answers locally and to build read filters). */
  rules: ItsmRule[];
  /** Loads records by id, as registered with the permissions registry. */
  getResources: (
    ids: string[],
  ) => Promise<Array<ItsmRecordResource | undefined>>;
  /** What service principals may do (`itsm.servicePrincipals.allow`); the default list when absent. */
  servicePrincipals?: ServicePrincipalPolicy;
}

/** The subject of a service principal (`external:ci`, `plugin:search`), undefined for anyone else. */
function serviceSubject(ctx: GuardContext): string | undefined {
  const principal = ctx.credentials.principal as {
    type?: string;
    subject?: string;
  };
  return principal?.type === 'service' ? principal.subject ?? '' : undefined;
}

/** Widens a definitive answer to any policy decision (a CONDITIONAL one can still arrive, see decide). */
function asPolicyDecision(decision: PolicyDecision): PolicyDecision {
  return decision;
}

/** The id of a loaded record (the resourceRef of a resource permission); none for a request body. */
function idOf(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || !('id' in resource))
    return undefined;
  return typeof resource.id === 'string' ? resource.id : undefined;
}

/**
 * Asks the Backstage permission framework before every mutation. Resource permissions carry
 * the record id as resourceRef, so the permission backend resolves a CONDITIONAL policy answer
 * through this plugin's rules (apply-conditions endpoint). Should a CONDITIONAL answer reach us
 * anyway (a permissions service that does not resolve), it is evaluated here with the same
 * rules against the loaded record.
 */
export class PermissionGuard implements MutationGuard {
  private readonly transform;
  private readonly servicePrincipals: ServicePrincipalPolicy;

  constructor(
    private readonly permissions: PermissionsService,
    private readonly options: PermissionGuardOptions,
  ) {
    this.transform = createConditionTransformer<ItsmRecordQuery>({
      getRuleByName: (name: string) => this.rule(name),
    });
    this.servicePrincipals =
      options.servicePrincipals ?? new ServicePrincipalPolicy();
  }

  private rule(name: string): ItsmRule {
    const rule = this.options.rules.find(r => r.name === name);
    if (!rule) throw new Error(`Unknown itsm-record permission rule ${name}`);
    return rule;
  }

  private evaluate(
    criteria: PermissionCriteria<PermissionCondition>,
    resource: ItsmRecordResource,
  ): boolean {
    if (isAndCriteria(criteria))
      return criteria.allOf.every(c => this.evaluate(c, resource));
    if (isOrCriteria(criteria))
      return criteria.anyOf.some(c => this.evaluate(c, resource));
    if (isNotCriteria(criteria)) return !this.evaluate(criteria.not, resource);
    return this.rule(criteria.rule).apply(resource, criteria.params ?? {});
  }

  async authorize(
    action: string,
    ctx: GuardContext,
    resource?: unknown,
  ): Promise<void> {
    const permission = PERMISSIONS[action];
    if (!permission)
      throw new Error(`No permission mapped for ITSM action ${action}`);
    // Service principals get ALLOW from the permissions service without the policy being asked,
    // so the plugin's own allow-list decides what they may do (before the framework, which
    // still applies the token's access restrictions).
    const subject = serviceSubject(ctx);
    // Reading SLA tiers is part of reading for a service principal (there is no separate entry).
    const principalAction = action === 'sla.read' ? 'read' : action;
    if (
      subject !== undefined &&
      !this.servicePrincipals.allows(subject, principalAction)
    ) {
      throw new NotAllowedError(
        `Service principal ${subject} may not ${action.replace(
          '.',
          ' ',
        )}: not in itsm.servicePrincipals.allow`,
      );
    }
    const resourceRef =
      permission.type === 'resource' ? idOf(resource) : undefined;
    const allowed = await this.decide(permission, resourceRef, ctx);
    if (!allowed) {
      throw new NotAllowedError(
        `You are not allowed to ${action.replace('.', ' ')} (${
          permission.name
        })`,
      );
    }
  }

  /**
   * Whether the caller may read the record `id`: `itsm.record.read` with the id as resourceRef.
   * The permission backend resolves a CONDITIONAL policy answer against the stored record (and
   * denies an id that loads nothing); a CONDITIONAL answer that reaches us anyway is evaluated
   * here like in `authorize`.
   */
  async canRead(ctx: GuardContext, id: string): Promise<boolean> {
    const subject = serviceSubject(ctx);
    if (
      subject !== undefined &&
      !this.servicePrincipals.allows(subject, 'read')
    )
      return false;
    return this.decide(itsmReadPermission, id, ctx);
  }

  /**
   * The framework's answer as a boolean. The permission backend resolves CONDITIONAL answers
   * for resource permissions; one that reaches us anyway is evaluated here with the same rules
   * against the loaded record (an id that loads nothing is denied).
   */
  private async decide(
    permission: Permission,
    resourceRef: string | undefined,
    ctx: GuardContext,
  ): Promise<boolean> {
    // A resource permission without a record (e.g. creating one) is asked without a resourceRef,
    // as before the typed request: the policy decides it on the permission alone.
    const request = (
      resourceRef === undefined ? { permission } : { permission, resourceRef }
    ) as AuthorizePermissionRequest;
    // Typed as definitive; a permissions service that does not resolve conditions may still answer CONDITIONAL.
    const [answer] = await this.permissions.authorize([request], {
      credentials: ctx.credentials,
    });
    const decision = asPolicyDecision(answer);
    if (decision.result === AuthorizeResult.ALLOW) return true;
    if (
      decision.result === AuthorizeResult.CONDITIONAL &&
      decision.conditions &&
      resourceRef
    ) {
      const [loaded] = await this.options.getResources([resourceRef]);
      return !!loaded && this.evaluate(decision.conditions, loaded);
    }
    return false;
  }

  /** Like authorize, answering instead of throwing (e.g. whether the caller is a service admin). */
  async allows(
    action: string,
    ctx: GuardContext,
    resource?: unknown,
  ): Promise<boolean> {
    try {
      await this.authorize(action, ctx, resource);
      return true;
    } catch (e) {
      if ((e as Error)?.name === 'NotAllowedError') return false;
      throw e;
    }
  }

  /** The read decision for list queries: everything, nothing, or a condition for the query. */
  async readCondition(ctx: GuardContext): Promise<ReadDecision> {
    const subject = serviceSubject(ctx);
    if (
      subject !== undefined &&
      !this.servicePrincipals.allows(subject, 'read')
    )
      return { result: 'deny' };
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission: itsmReadPermission }],
      { credentials: ctx.credentials },
    );
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return {
        result: 'conditional',
        condition: this.transform(decision.conditions),
      };
    }
    return decision.result === AuthorizeResult.ALLOW
      ? { result: 'allow' }
      : { result: 'deny' };
  }
}
