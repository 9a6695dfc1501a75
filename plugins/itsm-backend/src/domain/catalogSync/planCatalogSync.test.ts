import { Entity } from '@backstage/catalog-model';
import { Service } from '@backstage-itsm/plugin-itsm-common';
import {
  ITSM_ANNOTATIONS,
  desiredServiceOf,
  planCatalogSync,
} from './planCatalogSync';

const SLAS = [
  { id: 'sla-gold', name: 'Gold' },
  { id: 'sla-silver', name: 'Silver' },
];

function entity(
  name: string,
  annotations: Record<string, string> = {},
  kind = 'Component',
  extra: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations, ...extra },
    spec: { owner: 'shop-team' },
  };
}

const ownerOf = (e: Entity) =>
  (e.spec as any)?.owner ? `group:default/${(e.spec as any).owner}` : undefined;

let n = 0;
function service(entityRef: string, fields: Partial<Service> = {}): Service {
  n++;
  return {
    id: `svc-${n}`,
    version: 3,
    createdAt: `2026-01-0${n % 9}T00:00:00.000Z`,
    createdBy: 'x',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'x',
    entityRef,
    entityRefs: [entityRef],
    name: 'Checkout',
    purpose: null,
    ownerRef: 'group:default/shop-team',
    category: 'application',
    criticality: 1,
    lifecycle: 'live',
    supportHours: null,
    slaId: 'sla-gold',
    contact: null,
    escalationPath: [],
    maintenanceWindow: null,
    managedBy: 'catalog',
    ...fields,
  };
}

const GOLD_1 = {
  [ITSM_ANNOTATIONS.slaTier]: 'gold',
  [ITSM_ANNOTATIONS.criticality]: '1',
};

describe('desiredServiceOf', () => {
  it('reads the annotations with defaults', () => {
    expect(
      desiredServiceOf(
        entity(
          'checkout',
          { [ITSM_ANNOTATIONS.slaTier]: 'GOLD' },
          'Component',
          { title: 'Checkout', description: 'Pays' },
        ),
        SLAS,
        ownerOf,
      ),
    ).toEqual({
      service: {
        entityRef: 'component:default/checkout',
        name: 'Checkout',
        criticality: 3,
        category: 'application',
        slaId: 'sla-gold',
        ownerRef: 'group:default/shop-team',
        supportHours: null,
        purpose: 'Pays',
      },
    });
    const full = desiredServiceOf(
      entity(
        'db',
        {
          [ITSM_ANNOTATIONS.criticality]: '2',
          [ITSM_ANNOTATIONS.category]: 'Infrastructure',
          [ITSM_ANNOTATIONS.serviceName]: 'Orders DB',
          [ITSM_ANNOTATIONS.supportHours]: '24x7',
        },
        'Resource',
      ),
      SLAS,
      ownerOf,
    );
    expect(full).toMatchObject({
      service: {
        entityRef: 'resource:default/db',
        name: 'Orders DB',
        criticality: 2,
        category: 'infrastructure',
        slaId: null,
        supportHours: '24x7',
      },
    });
  });

  it.each([
    [{ [ITSM_ANNOTATIONS.criticality]: '5' }, /criticality must be "1".."4"/],
    [
      { [ITSM_ANNOTATIONS.category]: 'data' },
      /service-category must be one of infrastructure, application, workplace, security, consulting/,
    ],
    [
      { [ITSM_ANNOTATIONS.slaTier]: 'platinum' },
      /'platinum' matches no SLA name/,
    ],
    [
      { [ITSM_ANNOTATIONS.serviceName]: 'n'.repeat(201) },
      /name must be at most 200 characters/,
    ],
    [
      { [ITSM_ANNOTATIONS.serviceName]: 'a\u0000b' },
      /name must be at most 200 characters without control characters/,
    ],
    [
      { [ITSM_ANNOTATIONS.supportHours]: 'h'.repeat(501) },
      /support-hours must be at most 500 characters/,
    ],
  ])('rejects %j', (annotations, message) => {
    const result = desiredServiceOf(entity('x', annotations), SLAS, ownerOf);
    expect((result as any).error).toMatch(message);
  });

  it('needs an owner', () => {
    const e = entity('x', GOLD_1);
    e.spec = {};
    expect((desiredServiceOf(e, SLAS, ownerOf) as any).error).toMatch(
      /no spec.owner/,
    );
  });
});

describe('planCatalogSync', () => {
  it('creates a catalog-managed service for an annotated entity without any service', () => {
    const plan = planCatalogSync({
      entities: [
        entity('checkout', GOLD_1),
        entity('plain'),
        entity('api', GOLD_1, 'API'),
      ],
      services: [],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.warnings).toEqual([]);
    expect(plan.actions).toEqual([
      {
        type: 'create',
        entityRef: 'component:default/checkout',
        request: {
          entityRef: 'component:default/checkout',
          name: 'checkout',
          purpose: null,
          ownerRef: 'group:default/shop-team',
          category: 'application',
          criticality: 1,
          lifecycle: 'live',
          supportHours: null,
          slaId: 'sla-gold',
        },
      },
    ]);
  });

  it('creates nothing for an entity that already has a manual service (also as a second entity)', () => {
    const plan = planCatalogSync({
      entities: [entity('checkout', GOLD_1), entity('payments', GOLD_1)],
      services: [
        service('component:default/checkout', { managedBy: 'manual' }),
        service('component:default/other', {
          managedBy: 'manual',
          entityRefs: ['component:default/other', 'component:default/payments'],
        }),
      ],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([]);
  });

  it('updates changed fields of the catalog-managed service and nothing else', () => {
    const existing = service('component:default/checkout', {
      name: 'checkout',
      criticality: 2,
      slaId: 'sla-silver',
    });
    const plan = planCatalogSync({
      entities: [entity('checkout', GOLD_1)],
      services: [existing],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([
      {
        type: 'update',
        entityRef: 'component:default/checkout',
        serviceId: existing.id,
        request: { version: 3, criticality: 1, slaId: 'sla-gold' },
      },
    ]);
  });

  it('is a no-op when everything matches', () => {
    const plan = planCatalogSync({
      entities: [entity('checkout', GOLD_1)],
      services: [service('component:default/checkout', { name: 'checkout' })],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([]);
  });

  it('revives a retired catalog-managed service when the annotations come back', () => {
    const existing = service('component:default/checkout', {
      name: 'checkout',
      lifecycle: 'retired',
    });
    const plan = planCatalogSync({
      entities: [entity('checkout', GOLD_1)],
      services: [existing],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([
      {
        type: 'update',
        entityRef: 'component:default/checkout',
        serviceId: existing.id,
        request: { version: 3, lifecycle: 'live' },
      },
    ]);
  });

  it('retires catalog-managed services whose entity is gone or lost the annotations, never manual ones', () => {
    const gone = service('component:default/gone');
    const plain = service('component:default/plain');
    const manual = service('component:default/gone2', { managedBy: 'manual' });
    const alreadyRetired = service('component:default/gone3', {
      lifecycle: 'retired',
    });
    const plan = planCatalogSync({
      entities: [entity('plain')],
      services: [gone, plain, manual, alreadyRetired],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([
      {
        type: 'retire',
        entityRef: 'component:default/gone',
        serviceId: gone.id,
        reason: 'entity_missing',
        request: { version: 3, lifecycle: 'retired' },
      },
      {
        type: 'retire',
        entityRef: 'component:default/plain',
        serviceId: plain.id,
        reason: 'annotations_removed',
        request: { version: 3, lifecycle: 'retired' },
      },
    ]);
  });

  it('does not retire missing entities when told not to (empty catalog)', () => {
    const plan = planCatalogSync({
      entities: [],
      services: [service('component:default/gone')],
      slas: SLAS,
      ownerOf,
      retireMissing: false,
    });
    expect(plan.actions).toEqual([]);
  });

  it('skips an entity with an invalid annotation and leaves its service alone', () => {
    const existing = service('component:default/checkout');
    const plan = planCatalogSync({
      entities: [
        entity('checkout', { [ITSM_ANNOTATIONS.slaTier]: 'platinum' }),
      ],
      services: [existing],
      slas: SLAS,
      ownerOf,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.warnings).toEqual([
      "component:default/checkout: itsm.backstage.io/sla-tier 'platinum' matches no SLA name",
    ]);
  });
});
