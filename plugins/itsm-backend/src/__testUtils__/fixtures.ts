import { Entity } from '@backstage/catalog-model';
import { officeHoursCalendar } from './calendars';

/*
 * A small catalog with the shapes the real catalog serves (relations included), used by the
 * backend tests: two components where checkout dependsOn payments, a CAB of three.
 */

function component(
  name: string,
  owner: string,
  dependsOn: string[] = [],
  dependencyOf: string[] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...dependsOn.map(targetRef => ({ type: 'dependsOn', targetRef })),
      ...dependencyOf.map(targetRef => ({ type: 'dependencyOf', targetRef })),
    ],
  };
}

/** A Group entity with its hasMember relations. */
export function groupEntity(name: string, members: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: members.map(m => ({
      type: 'hasMember',
      targetRef: `user:default/${m}`,
    })),
  };
}

/** A User entity with its memberOf relations. */
export function userEntity(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

export const testEntities: Entity[] = [
  component('checkout', 'shop-team', ['component:default/payments']),
  component('payments', 'payments-team', [], ['component:default/checkout']),
  component('search', 'shop-team'),
  component('unowned', ''),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'shop-team',
      definition: '{}',
    },
  },
  groupEntity('shop-team', ['bob', 'dave']),
  groupEntity('payments-team', ['carol', 'erin']),
  groupEntity('cab', ['alice', 'carol', 'dave']),
  userEntity('alice', ['cab']),
  userEntity('bob', ['shop-team']),
  userEntity('carol', ['payments-team', 'cab']),
  userEntity('dave', ['shop-team', 'cab']),
  userEntity('erin', ['payments-team']),
];

/** Entity refs of the test catalog's components. */
export const CHECKOUT = 'component:default/checkout';
export const PAYMENTS = 'component:default/payments';
export const SEARCH = 'component:default/search';
export const UNOWNED = 'component:default/unowned';

/** The actor the mock service credentials write as. */
export const SERVICE_ACTOR = 'external:test-service';

/** A well-formed id that names no record. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export const silverSla = {
  name: 'Silver',
  availabilityTarget: 99.5,
  calendar: officeHoursCalendar(['2025-12-25', '--12-26']),
  targets: {
    P1: { responseMinutes: 30, resolutionMinutes: 240 },
    P2: { responseMinutes: 60, resolutionMinutes: 480 },
    P3: { responseMinutes: 240, resolutionMinutes: 1440 },
    P4: { responseMinutes: 480, resolutionMinutes: 2880 },
  },
};

export const gold24x7Sla = {
  name: 'Gold',
  availabilityTarget: 99.9,
  calendar: '24x7',
  targets: {
    P1: { responseMinutes: 15, resolutionMinutes: 240 },
    P2: { responseMinutes: 30, resolutionMinutes: 480 },
    P3: { responseMinutes: 120, resolutionMinutes: 1440 },
    P4: { responseMinutes: 480, resolutionMinutes: 4320 },
  },
};
