import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { itsmRecordConditions } from '@backstage-itsm/plugin-itsm-common';
import { PermissionGuard } from './PermissionGuard';
import {
  createIsCabMemberRule,
  isOwnerRule,
  isRecordTypeRule,
} from './permissionRules';
import { ServicePrincipalPolicy } from './servicePrincipals';

/*
 * The guard with a permissions service that does NOT resolve conditions itself (answers
 * CONDITIONAL): the guard evaluates them with the itsm-record rules against the record.
 */

const claims = ['user:default/bob', 'group:default/shop-team'];
const ctx = {
  actor: 'user:default/bob',
  credentials: mockCredentials.user('user:default/bob'),
  now: '2026-01-01T00:00:00Z',
};
const resources: Record<string, any> = {
  mine: {
    id: 'mine',
    recordType: 'incident',
    ownerRefs: ['group:default/shop-team'],
  },
  theirs: {
    id: 'theirs',
    recordType: 'incident',
    ownerRefs: ['group:default/payments-team'],
  },
};

function guardAnswering(decision: any) {
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (reqs: any[]) =>
    reqs.map(() => decision),
  );
  permissions.authorizeConditional.mockImplementation(async (reqs: any[]) =>
    reqs.map(() => decision),
  );
  const guard = new PermissionGuard(permissions, {
    rules: [
      isOwnerRule,
      createIsCabMemberRule('group:default/cab'),
      isRecordTypeRule,
    ],
    getResources: async ids => ids.map(id => resources[id]),
  });
  return { guard, permissions };
}

describe('PermissionGuard', () => {
  const conditional = (conditions: any) => ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'itsm',
    resourceType: 'itsm-record',
    conditions,
  });

  it('passes the record id as resourceRef and applies a CONDITIONAL isOwner', async () => {
    const { guard, permissions } = guardAnswering(
      conditional(itsmRecordConditions.isOwner({ claims })),
    );
    await expect(
      guard.authorize('incident.update', ctx, { id: 'mine' }),
    ).resolves.toBeUndefined();
    expect(permissions.authorize.mock.calls[0][0]).toEqual([
      expect.objectContaining({ resourceRef: 'mine' }),
    ]);
    await expect(
      guard.authorize('incident.update', ctx, { id: 'theirs' }),
    ).rejects.toThrow(/itsm\.incident\.update/);
    await expect(
      guard.authorize('incident.update', ctx, { id: 'gone' }),
    ).rejects.toThrow(/not allowed/);
  });

  it('evaluates anyOf / allOf / not trees', async () => {
    const cab = itsmRecordConditions.isCabMember({
      claims: ['group:default/cab'],
    });
    const owner = itsmRecordConditions.isOwner({ claims });
    await expect(
      guardAnswering(conditional({ anyOf: [cab, owner] })).guard.authorize(
        'change.approve',
        ctx,
        { id: 'theirs' },
      ),
    ).resolves.toBeUndefined();
    await expect(
      guardAnswering(
        conditional({ allOf: [cab, { not: owner }] }),
      ).guard.authorize('change.approve', ctx, { id: 'mine' }),
    ).rejects.toThrow();
  });

  it('reads by id with itsm.record.read and the id as resourceRef, resolving CONDITIONAL against the record', async () => {
    const { guard, permissions } = guardAnswering(
      conditional(itsmRecordConditions.isOwner({ claims })),
    );
    expect(await guard.canRead(ctx, 'mine')).toBe(true);
    expect(permissions.authorize.mock.calls[0][0]).toEqual([
      {
        permission: expect.objectContaining({ name: 'itsm.record.read' }),
        resourceRef: 'mine',
      },
    ]);
    expect(await guard.canRead(ctx, 'theirs')).toBe(false);
    expect(await guard.canRead(ctx, 'gone')).toBe(false);
    expect(
      await guardAnswering({ result: AuthorizeResult.DENY }).guard.canRead(
        ctx,
        'mine',
      ),
    ).toBe(false);
    expect(
      await guardAnswering({ result: AuthorizeResult.ALLOW }).guard.canRead(
        ctx,
        'theirs',
      ),
    ).toBe(true);
    const incidentsOnly = conditional(
      itsmRecordConditions.isRecordType({ types: ['incident'] }),
    );
    expect(
      await guardAnswering(incidentsOnly).guard.canRead(ctx, 'theirs'),
    ).toBe(true);
    const changesOnly = conditional(
      itsmRecordConditions.isRecordType({ types: ['change'] }),
    );
    expect(await guardAnswering(changesOnly).guard.canRead(ctx, 'theirs')).toBe(
      false,
    );
  });

  it('turns isRecordType into a query condition', async () => {
    const { guard } = guardAnswering(
      conditional(itsmRecordConditions.isRecordType({ types: ['change'] })),
    );
    expect(await guard.readCondition(ctx)).toEqual({
      result: 'conditional',
      condition: { kind: 'recordType', types: ['change'] },
    });
  });

  it('authorizes reading the SLA tiers with the basic permission itsm.sla.read', async () => {
    const { guard, permissions } = guardAnswering({
      result: AuthorizeResult.DENY,
    });
    await expect(guard.authorize('sla.read', ctx)).rejects.toThrow(
      /itsm\.sla\.read/,
    );
    expect(permissions.authorize.mock.calls[0][0]).toEqual([
      { permission: expect.objectContaining({ name: 'itsm.sla.read' }) },
    ]);
  });

  it('turns a conditional read decision into a query condition', async () => {
    const { guard } = guardAnswering(
      conditional({
        not: itsmRecordConditions.isOwner({
          claims: ['Group:default/Shop-Team'],
        }),
      }),
    );
    expect(await guard.readCondition(ctx)).toEqual({
      result: 'conditional',
      condition: {
        not: { kind: 'owner', claims: ['group:default/shop-team'] },
      },
    });
    expect(
      await guardAnswering({
        result: AuthorizeResult.DENY,
      }).guard.readCondition(ctx),
    ).toEqual({ result: 'deny' });
  });

  it('decides for service principals from the allow-list before asking the permissions service', async () => {
    const { permissions } = guardAnswering({ result: AuthorizeResult.ALLOW });
    const guard = new PermissionGuard(permissions, {
      rules: [isOwnerRule],
      getResources: async ids => ids.map(id => resources[id]),
      servicePrincipals: new ServicePrincipalPolicy(
        new Set(['alerts']),
        new Map([['external:ci', new Set(['deployments'] as const)]]),
      ),
    });
    const as = (subject: string) => ({
      ...ctx,
      actor: subject,
      credentials: mockCredentials.service(subject),
    });
    await expect(
      guard.authorize('alerts', as('external:prometheus')),
    ).resolves.toBeUndefined();
    await expect(
      guard.authorize('sla.admin', as('external:prometheus')),
    ).rejects.toThrow(
      'Service principal external:prometheus may not sla admin: not in itsm.servicePrincipals.allow',
    );
    await expect(guard.authorize('alerts', as('external:ci'))).rejects.toThrow(
      /external:ci may not alerts/,
    );
    await expect(guard.allows('deployments', as('external:ci'))).resolves.toBe(
      true,
    );
    expect(await guard.readCondition(as('external:ci'))).toEqual({
      result: 'deny',
    });
    // Refused principals never reach the permissions service; users are not limited by the list.
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
    await expect(guard.allows('sla.admin', ctx)).resolves.toBe(true);
  });
});
