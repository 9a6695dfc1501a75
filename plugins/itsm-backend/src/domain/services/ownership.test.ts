import {
  decideServiceOwner,
  OwnedEntity,
  requireEntityOwnership,
} from './ownership';

const checkout: OwnedEntity = {
  ref: 'component:default/checkout',
  field: 'entityRef',
  owner: 'group:default/shop-team',
};
const orphan: OwnedEntity = {
  ref: 'component:default/orphan',
  field: 'entityRefs[1]',
};
const bob = {
  kind: 'caller' as const,
  claims: ['user:default/bob', 'Group:default/Shop-Team'],
  isAdmin: false,
};
const erin = {
  kind: 'caller' as const,
  claims: ['user:default/erin', 'group:default/payments-team'],
  isAdmin: false,
};
const admin = { kind: 'caller' as const, claims: [], isAdmin: true };

describe('service ownership', () => {
  it('lets the owners of every entity, admins and the plugin itself attach services', () => {
    expect(() => requireEntityOwnership([checkout], bob)).not.toThrow();
    expect(() => requireEntityOwnership([checkout], erin)).toThrow(
      'entityRef: component:default/checkout is owned by group:default/shop-team, not by you; only its owners or an ITSM service admin (itsm.service.admin) may register services on it',
    );
    expect(() => requireEntityOwnership([checkout, orphan], bob)).toThrow(
      /^entityRefs\[1\]: component:default\/orphan is owned by nobody/,
    );
    expect(() =>
      requireEntityOwnership([checkout, orphan], admin),
    ).not.toThrow();
    expect(() =>
      requireEntityOwnership([orphan], { kind: 'catalog' }),
    ).not.toThrow();
  });

  it('makes the catalog owner the owner; only admins name another group', () => {
    expect(decideServiceOwner([checkout], undefined, bob)).toBe(
      'group:default/shop-team',
    );
    expect(decideServiceOwner([checkout], 'group:default/shop-team', bob)).toBe(
      'group:default/shop-team',
    );
    expect(() =>
      decideServiceOwner([checkout], 'group:default/payments-team', bob),
    ).toThrow(
      /^ownerRef: a service on component:default\/checkout is owned by its catalog owner/,
    );
    expect(() =>
      decideServiceOwner([checkout], 'group:default/payments-team', {
        kind: 'catalog',
      }),
    ).toThrow(/^ownerRef:/);
    expect(
      decideServiceOwner([checkout], 'group:default/payments-team', admin),
    ).toBe('group:default/payments-team');
    expect(() => decideServiceOwner([orphan], undefined, admin)).toThrow(
      'ownerRef: required, the entity component:default/orphan has no spec.owner to default to',
    );
  });
});
