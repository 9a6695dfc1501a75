import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  itsmChangeApprovePermission,
  itsmChangeCreatePermission,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  itsmReadPermission,
  itsmServiceAdminPermission,
  itsmServiceUpdatePermission,
  itsmSlaAdminPermission,
  itsmSlaReadPermission,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmExamplePolicy } from './permissionPolicy';

function userIn(groups: string[]) {
  return {
    credentials: mockCredentials.user('user:default/someone'),
    info: {
      userEntityRef: 'user:default/someone',
      ownershipEntityRefs: ['user:default/someone', ...groups],
    },
  };
}

describe('ItsmExamplePolicy', () => {
  const policy = new ItsmExamplePolicy(['group:default/platform-team']);

  it('lets admin group members administer SLAs', async () => {
    const decision = await policy.handle(
      { permission: itsmSlaAdminPermission },
      userIn(['group:default/platform-team']),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies SLA administration to everybody else, service principals included', async () => {
    expect(
      (
        await policy.handle(
          { permission: itsmSlaAdminPermission },
          userIn(['group:default/shop-team']),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (await policy.handle({ permission: itsmSlaAdminPermission })).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('grants service administration (any entity, any owner group) to the admin groups only', async () => {
    const decide = async (groups: string[]) =>
      (
        await policy.handle(
          { permission: itsmServiceAdminPermission },
          userIn(groups),
        )
      ).result;
    expect(await decide(['group:default/platform-team'])).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(['group:default/shop-team'])).toBe(
      AuthorizeResult.DENY,
    );
  });

  it('lets everybody read and create', async () => {
    for (const permission of [
      itsmReadPermission,
      itsmIncidentCreatePermission,
      itsmChangeCreatePermission,
    ]) {
      expect((await policy.handle({ permission }, userIn([]))).result).toBe(
        AuthorizeResult.ALLOW,
      );
    }
  });

  it('makes updates conditional on ownership (isOwner with the user claims)', async () => {
    for (const permission of [
      itsmIncidentUpdatePermission,
      itsmServiceUpdatePermission,
    ]) {
      const decision = await policy.handle(
        { permission },
        userIn(['group:default/shop-team']),
      );
      expect(decision).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'itsm',
        resourceType: 'itsm-record',
        conditions: {
          rule: 'IS_OWNER',
          resourceType: 'itsm-record',
          params: {
            claims: ['user:default/someone', 'group:default/shop-team'],
          },
        },
      });
    }
  });

  it('allows updates to admins outright', async () => {
    const decision = await policy.handle(
      { permission: itsmIncidentUpdatePermission },
      userIn(['group:default/platform-team']),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('makes change approval conditional on CAB membership or ownership', async () => {
    const decision = await policy.handle(
      { permission: itsmChangeApprovePermission },
      userIn(['group:default/cab']),
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    const conditions = (decision as any).conditions;
    expect(conditions.anyOf.map((c: any) => c.rule)).toEqual([
      'IS_CAB_MEMBER',
      'IS_OWNER',
    ]);
  });

  it('allows service principals to write (webhooks, scaffolder)', async () => {
    expect(
      (await policy.handle({ permission: itsmIncidentUpdatePermission }))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('allows other plugins\u2019 permissions', async () => {
    const catalogDelete = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    expect(
      (await policy.handle({ permission: catalogDelete }, userIn([]))).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});

describe('ItsmExamplePolicy with itsm.permissions.readOtherTeams: false', () => {
  const policy = new ItsmExamplePolicy(['group:default/platform-team'], {
    readOtherTeams: false,
  });

  it('lets users read their own records, and CAB members every change as well', async () => {
    const decision = await policy.handle(
      { permission: itsmReadPermission },
      userIn(['group:default/shop-team']),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'itsm',
      resourceType: 'itsm-record',
      conditions: {
        anyOf: [
          {
            rule: 'IS_OWNER',
            resourceType: 'itsm-record',
            params: {
              claims: ['user:default/someone', 'group:default/shop-team'],
            },
          },
          {
            allOf: [
              {
                rule: 'IS_RECORD_TYPE',
                resourceType: 'itsm-record',
                params: { types: ['change'] },
              },
              {
                rule: 'IS_CAB_MEMBER',
                resourceType: 'itsm-record',
                params: {
                  claims: ['user:default/someone', 'group:default/shop-team'],
                },
              },
            ],
          },
        ],
      },
    });
  });

  it('lets the admin groups and service principals read everything, and everybody the SLA tiers', async () => {
    expect(
      (
        await policy.handle(
          { permission: itsmReadPermission },
          userIn(['group:default/platform-team']),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await policy.handle({ permission: itsmReadPermission })).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (await policy.handle({ permission: itsmSlaReadPermission }, userIn([])))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('reads everything by default', async () => {
    const byDefault = new ItsmExamplePolicy(['group:default/platform-team']);
    expect(
      (await byDefault.handle({ permission: itsmReadPermission }, userIn([])))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
