import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  itsmIncidentCreatePermission,
  itsmSlaAdminPermission,
} from '@backstage-itsm/plugin-itsm-common';
import { ItsmExamplePolicy } from './permissionPolicy';

function userIn(groups: string[]) {
  return {
    credentials: mockCredentials.user('user:default/someone'),
    info: { userEntityRef: 'user:default/someone', ownershipEntityRefs: ['user:default/someone', ...groups] },
  };
}

describe('ItsmExamplePolicy', () => {
  const policy = new ItsmExamplePolicy(['group:default/platform-team']);

  it('lets admin group members administer SLAs', async () => {
    const decision = await policy.handle({ permission: itsmSlaAdminPermission }, userIn(['group:default/platform-team']));
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies SLA administration to everybody else', async () => {
    const decision = await policy.handle({ permission: itsmSlaAdminPermission }, userIn(['group:default/shop-team']));
    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('allows opening incidents', async () => {
    const decision = await policy.handle({ permission: itsmIncidentCreatePermission }, userIn([]));
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
