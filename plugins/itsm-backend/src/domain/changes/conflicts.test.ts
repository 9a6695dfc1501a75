import type { MaintenanceWindow } from '@backstage-itsm/plugin-itsm-common';
import {
  ConflictSubject,
  conflictWithoutTitle,
  detectConflicts,
  DetectConflictsInput,
  EntityWithRelations,
  FreezeWindow,
  hasBlockingConflict,
  mergeRelations,
  OtherChange,
  relationsFromEntities,
} from './conflicts';

const API = 'component:default/api';
const DB = 'resource:default/db';
const WEB = 'component:default/web';
const WORKER = 'component:default/worker';

const subject: ConflictSubject = {
  id: 'c-1',
  type: 'normal',
  entityRefs: [API],
  plannedStart: '2026-03-10T10:00:00Z',
  plannedEnd: '2026-03-10T12:00:00Z',
};

function other(overrides: Partial<OtherChange> & { id: string }): OtherChange {
  return {
    number: `CHG-${overrides.id}`,
    title: `Change ${overrides.id}`,
    entityRefs: [API],
    plannedStart: '2026-03-10T11:00:00Z',
    plannedEnd: '2026-03-10T13:00:00Z',
    state: 'scheduled',
    ...overrides,
  };
}

function detect(overrides: Partial<DetectConflictsInput> = {}) {
  return detectConflicts({
    change: subject,
    otherChanges: [],
    relations: {},
    freezeWindows: [],
    maintenanceWindows: {},
    ...overrides,
  });
}

// Shaped like real catalog entities (relations as the catalog emits them).
const catalogEntities: EntityWithRelations[] = [
  {
    kind: 'Component',
    metadata: { name: 'api', namespace: 'default' },
    relations: [
      { type: 'ownedBy', targetRef: 'group:default/team-payments' },
      { type: 'dependsOn', targetRef: DB },
      { type: 'dependencyOf', targetRef: WEB },
      { type: 'partOf', targetRef: 'system:default/payments' },
    ],
  },
  {
    kind: 'Component',
    metadata: { name: 'worker' },
    relations: [{ type: 'dependsOn', targetRef: 'component:default/api' }],
  },
  { kind: 'Resource', metadata: { name: 'db', namespace: 'default' } },
];

describe('relationsFromEntities / mergeRelations', () => {
  it('keeps dependsOn and dependencyOf relations keyed by entity ref', () => {
    expect(relationsFromEntities(catalogEntities)).toEqual({
      [API]: { dependsOn: [DB], dependencyOf: [WEB] },
      [WORKER]: { dependsOn: [API], dependencyOf: [] },
      [DB]: { dependsOn: [], dependencyOf: [] },
    });
  });

  it('lower-cases refs and merges maps without duplicates', () => {
    const a = relationsFromEntities([
      {
        kind: 'Component',
        metadata: { name: 'API' },
        relations: [{ type: 'dependsOn', targetRef: 'Resource:default/DB' }],
      },
    ]);
    expect(a).toEqual({ [API]: { dependsOn: [DB], dependencyOf: [] } });
    expect(
      mergeRelations(a, {
        [API]: {
          dependsOn: [DB, 'resource:default/cache'],
          dependencyOf: [WEB],
        },
      }),
    ).toEqual({
      [API]: { dependsOn: [DB, 'resource:default/cache'], dependencyOf: [WEB] },
    });
  });
});

describe('detectConflicts: other changes', () => {
  it('reports another change on the same entity in an overlapping window', () => {
    expect(
      detect({
        otherChanges: [
          other({ id: 'c-2', number: 'CHG-0042', title: 'Rotate certs' }),
        ],
      }),
    ).toEqual([
      {
        kind: 'overlap',
        changeId: 'c-2',
        entityRef: API,
        message:
          'CHG-0042 "Rotate certs" also changes component:default/api in an overlapping window (2026-03-10 11:00 – 2026-03-10 13:00 UTC)',
        blocking: false,
      },
    ]);
  });

  it('reports one overlap per shared entity, case-insensitively', () => {
    const change = { ...subject, entityRefs: [API, DB] };
    const result = detectConflicts({
      change,
      otherChanges: [
        other({ id: 'c-2', entityRefs: ['Component:default/API', DB, WEB] }),
      ],
      relations: {},
      freezeWindows: [],
      maintenanceWindows: {},
    });
    expect(result.map(c => [c.kind, c.entityRef])).toEqual([
      ['overlap', API],
      ['overlap', DB],
    ]);
  });

  it('finds nothing for windows that do not overlap (touching ends included)', () => {
    expect(
      detect({
        otherChanges: [
          other({
            id: 'c-2',
            plannedStart: '2026-03-10T12:00:00Z',
            plannedEnd: '2026-03-10T14:00:00Z',
          }),
          other({
            id: 'c-3',
            plannedStart: '2026-03-10T08:00:00Z',
            plannedEnd: '2026-03-10T10:00:00Z',
          }),
          other({
            id: 'c-4',
            plannedStart: '2026-03-11T10:00:00Z',
            plannedEnd: '2026-03-11T12:00:00Z',
          }),
        ],
      }),
    ).toEqual([]);
  });

  it('recognizes overlaps given with other offsets', () => {
    // 12:30+02:00 is 10:30Z, inside 10:00Z–12:00Z.
    const result = detect({
      otherChanges: [
        other({
          id: 'c-2',
          plannedStart: '2026-03-10T12:30:00+02:00',
          plannedEnd: '2026-03-10T13:00:00+02:00',
        }),
      ],
    });
    expect(result).toHaveLength(1);
    expect(result[0].kind).toBe('overlap');
  });

  it('ignores closed and canceled changes, changes without a window and the change itself', () => {
    expect(
      detect({
        otherChanges: [
          other({ id: 'c-2', state: 'closed' }),
          other({ id: 'c-3', state: 'canceled' }),
          other({ id: 'c-4', plannedStart: null, plannedEnd: null }),
          other({ id: 'c-5', plannedEnd: null }),
          other({ id: 'c-1' }),
        ],
      }),
    ).toEqual([]);
    // ... but not changes in other open states.
    for (const state of [
      'new',
      'assess',
      'authorize',
      'implement',
      'review',
    ] as const) {
      expect(
        detect({ otherChanges: [other({ id: 'c-2', state })] }),
      ).toHaveLength(1);
    }
  });

  it('has no conflicts when the change itself has no (valid) window', () => {
    const otherChanges = [other({ id: 'c-2' })];
    const freezeWindows = [
      {
        name: 'All',
        start: '2026-01-01T00:00:00Z',
        end: '2027-01-01T00:00:00Z',
      },
    ];
    for (const window of [
      { plannedStart: null, plannedEnd: null },
      { plannedStart: '2026-03-10T10:00:00Z', plannedEnd: null },
      {
        plannedStart: '2026-03-10T12:00:00Z',
        plannedEnd: '2026-03-10T10:00:00Z',
      },
      { plannedStart: 'soon', plannedEnd: 'later' },
    ]) {
      expect(
        detectConflicts({
          change: { ...subject, ...window },
          otherChanges,
          relations: {},
          freezeWindows,
          maintenanceWindows: {},
        }),
      ).toEqual([]);
    }
  });

  it('reports a change on an entity the changed entity dependsOn', () => {
    const result = detect({
      otherChanges: [
        other({
          id: 'c-2',
          number: 'CHG-0007',
          title: 'Upgrade Postgres',
          entityRefs: [DB],
        }),
      ],
      relations: relationsFromEntities(catalogEntities),
    });
    expect(result).toEqual([
      {
        kind: 'dependency_overlap',
        changeId: 'c-2',
        entityRef: DB,
        message:
          'CHG-0007 "Upgrade Postgres" changes resource:default/db, which component:default/api depends on, in an overlapping window (2026-03-10 11:00 – 2026-03-10 13:00 UTC)',
        blocking: false,
      },
    ]);
  });

  it('reports a change on an entity that depends on the changed entity (dependencyOf)', () => {
    const result = detect({
      otherChanges: [
        other({
          id: 'c-3',
          number: 'CHG-0008',
          title: 'Web release',
          entityRefs: [WEB],
        }),
      ],
      relations: relationsFromEntities(catalogEntities),
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      kind: 'dependency_overlap',
      changeId: 'c-3',
      entityRef: WEB,
    });
    expect(result[0].message).toBe(
      'CHG-0008 "Web release" changes component:default/web, which depends on component:default/api, in an overlapping window (2026-03-10 11:00 – 2026-03-10 13:00 UTC)',
    );
  });

  it('finds the relation from the other side too (only the dependent entity loaded)', () => {
    const workerOnly = relationsFromEntities(
      catalogEntities.filter(e => e.metadata.name === 'worker'),
    );
    const result = detect({
      otherChanges: [other({ id: 'c-4', entityRefs: [WORKER] })],
      relations: workerOnly,
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      kind: 'dependency_overlap',
      entityRef: WORKER,
    });
    expect(result[0].message).toContain(
      'which depends on component:default/api',
    );

    const dbOnly = { [DB]: { dependsOn: [], dependencyOf: [API] } };
    const viaDb = detect({
      otherChanges: [other({ id: 'c-5', entityRefs: [DB] })],
      relations: dbOnly,
    });
    expect(viaDb[0].message).toContain(
      'which component:default/api depends on',
    );
  });

  it('reports no dependency conflict for unrelated entities or windows that do not overlap', () => {
    const relations = relationsFromEntities(catalogEntities);
    expect(
      detect({
        otherChanges: [
          other({ id: 'c-2', entityRefs: ['component:default/unrelated'] }),
        ],
        relations,
      }),
    ).toEqual([]);
    expect(
      detect({
        otherChanges: [
          other({
            id: 'c-2',
            entityRefs: [DB],
            plannedStart: '2026-03-10T13:00:00Z',
            plannedEnd: '2026-03-10T14:00:00Z',
          }),
        ],
        relations,
      }),
    ).toEqual([]);
  });

  it('does not report an entity twice when it is both shared and a dependency', () => {
    const change = { ...subject, entityRefs: [API, DB] };
    const result = detectConflicts({
      change,
      otherChanges: [other({ id: 'c-2', entityRefs: [DB] })],
      relations: relationsFromEntities(catalogEntities),
      freezeWindows: [],
      maintenanceWindows: {},
    });
    expect(result.map(c => c.kind)).toEqual(['overlap']);
  });
});

describe('detectConflicts: freezes', () => {
  const yearEnd: FreezeWindow = {
    name: 'Year-end freeze',
    start: '2026-12-20T00:00:00Z',
    end: '2027-01-04T00:00:00Z',
  };
  const inFreeze = {
    plannedStart: '2026-12-22T09:00:00Z',
    plannedEnd: '2026-12-22T10:00:00Z',
  };

  it('blocks a normal change in a freeze', () => {
    const result = detect({
      change: { ...subject, ...inFreeze },
      freezeWindows: [yearEnd],
    });
    expect(result).toEqual([
      {
        kind: 'freeze',
        entityRef: API,
        message:
          'The planned window overlaps the freeze "Year-end freeze" (2026-12-20 00:00 – 2027-01-04 00:00 UTC) on component:default/api: normal changes are blocked during a freeze; reschedule it or make it an emergency change',
        blocking: true,
      },
    ]);
    expect(hasBlockingConflict(result)).toBe(true);
  });

  it('blocks a standard change in a freeze', () => {
    const result = detect({
      change: { ...subject, ...inFreeze, type: 'standard' },
      freezeWindows: [yearEnd],
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ kind: 'freeze', blocking: true });
  });

  it('only warns for an emergency change (the emergency exception)', () => {
    const result = detect({
      change: { ...subject, ...inFreeze, type: 'emergency' },
      freezeWindows: [yearEnd],
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ kind: 'freeze', blocking: false });
    expect(result[0].message).toContain('allowed for an emergency change');
    expect(hasBlockingConflict(result)).toBe(false);
  });

  it('catches a window that only partly overlaps a freeze', () => {
    const result = detect({
      change: {
        ...subject,
        plannedStart: '2026-12-19T22:00:00Z',
        plannedEnd: '2026-12-20T01:00:00Z',
      },
      freezeWindows: [yearEnd],
    });
    expect(result.map(c => c.kind)).toEqual(['freeze']);
  });

  it('ignores freezes outside the window', () => {
    expect(
      detect({
        change: {
          ...subject,
          plannedStart: '2026-12-19T20:00:00Z',
          plannedEnd: '2026-12-20T00:00:00Z',
        },
        freezeWindows: [yearEnd],
      }),
    ).toEqual([]);
  });

  it('applies a freeze with entityRefs only to those entities', () => {
    const scoped: FreezeWindow = {
      ...yearEnd,
      name: 'Payments freeze',
      entityRefs: ['Component:default/API'],
    };
    const onApi = detect({
      change: { ...subject, ...inFreeze },
      freezeWindows: [scoped],
    });
    expect(onApi).toHaveLength(1);
    expect(onApi[0]).toMatchObject({
      kind: 'freeze',
      entityRef: API,
      blocking: true,
    });

    const elsewhere = detect({
      change: { ...subject, ...inFreeze, entityRefs: [WEB] },
      freezeWindows: [scoped],
    });
    expect(elsewhere).toEqual([]);
  });
});

describe('detectConflicts: maintenance windows', () => {
  // Saturday night into Sunday morning, Berlin time (CET = UTC+1 in March before the 29th).
  const berlin: MaintenanceWindow = {
    timezone: 'Europe/Berlin',
    hours: { sat: [['22:00', '24:00']], sun: [['00:00', '04:00']] },
  };
  const at = (plannedStart: string, plannedEnd: string) =>
    detect({
      change: { ...subject, plannedStart, plannedEnd },
      maintenanceWindows: { [API]: berlin },
    });

  it('accepts a window inside one maintenance interval', () => {
    // Sat 2026-03-07 22:15–23:45 Berlin.
    expect(at('2026-03-07T21:15:00Z', '2026-03-07T22:45:00Z')).toEqual([]);
  });

  it('joins intervals across midnight into one contiguous interval', () => {
    // Sat 22:30 → Sun 02:00 Berlin.
    expect(at('2026-03-07T21:30:00Z', '2026-03-08T01:00:00Z')).toEqual([]);
  });

  it('flags a window outside the maintenance window', () => {
    // Tue 2026-03-10 11:00–13:00 Berlin.
    expect(at('2026-03-10T10:00:00Z', '2026-03-10T12:00:00Z')).toEqual([
      {
        kind: 'maintenance_window',
        entityRef: API,
        message:
          'The planned window (Tue 2026-03-10 11:00 – Tue 2026-03-10 13:00 Europe/Berlin) is outside the maintenance window of component:default/api (sat 22:00–24:00, sun 00:00–04:00 Europe/Berlin)',
        blocking: false,
      },
    ]);
  });

  it('flags a window that starts inside but ends after the maintenance window', () => {
    // Sun 03:00 → 05:00 Berlin.
    const result = at('2026-03-08T02:00:00Z', '2026-03-08T04:00:00Z');
    expect(result.map(c => c.kind)).toEqual(['maintenance_window']);
  });

  it('evaluates the hours in the maintenance window timezone, not UTC', () => {
    // 21:00Z–21:45Z is 22:00–22:45 in Berlin: inside, although it is before 22:00 in UTC.
    expect(at('2026-03-07T21:00:00Z', '2026-03-07T21:45:00Z')).toEqual([]);
    // 22:00Z → 03:30Z would be inside in UTC, but ends at 04:30 in Berlin: outside.
    expect(at('2026-03-07T22:00:00Z', '2026-03-08T03:30:00Z')).toHaveLength(1);
  });

  it('does not join intervals with a gap between them', () => {
    const gap: MaintenanceWindow = {
      timezone: 'Europe/Berlin',
      hours: { sat: [['22:00', '24:00']], sun: [['01:00', '04:00']] },
    };
    const result = detect({
      change: {
        ...subject,
        plannedStart: '2026-03-07T22:00:00Z',
        plannedEnd: '2026-03-08T01:00:00Z',
      },
      maintenanceWindows: { [API]: gap },
    });
    expect(result.map(c => c.kind)).toEqual(['maintenance_window']);
  });

  it('follows daylight saving time changes', () => {
    // DST starts in New York on Sunday 2026-03-08 at 02:00 (EST −5 → EDT −4).
    const ny: MaintenanceWindow = {
      timezone: 'America/New_York',
      hours: { sun: [['01:00', '05:00']] },
    };
    const run = (plannedStart: string, plannedEnd: string) =>
      detect({
        change: { ...subject, plannedStart, plannedEnd },
        maintenanceWindows: { [API]: ny },
      });
    // 06:00Z = 01:00 EST, 08:30Z = 04:30 EDT: inside.
    expect(run('2026-03-08T06:00:00Z', '2026-03-08T08:30:00Z')).toEqual([]);
    // 09:30Z = 05:30 EDT (a fixed −5 offset would say 04:30): outside.
    expect(run('2026-03-08T06:00:00Z', '2026-03-08T09:30:00Z')).toHaveLength(1);
  });

  it('supports an interval running past midnight', () => {
    const overnight: MaintenanceWindow = {
      timezone: 'UTC',
      hours: { fri: [['23:00', '02:00']] },
    };
    // Fri 2026-03-06 23:30 → Sat 01:30 UTC.
    expect(
      detect({
        change: {
          ...subject,
          plannedStart: '2026-03-06T23:30:00Z',
          plannedEnd: '2026-03-07T01:30:00Z',
        },
        maintenanceWindows: { [API]: overnight },
      }),
    ).toEqual([]);
  });

  it('ignores entities without a maintenance window and matches refs case-insensitively', () => {
    expect(
      detect({
        change: { ...subject, entityRefs: [API, WEB] },
        maintenanceWindows: {
          [WEB]: undefined,
          'Component:Default/API': berlin,
        },
      }).map(c => [c.kind, c.entityRef]),
    ).toEqual([['maintenance_window', API]]);
  });

  it('reports a maintenance window with an invalid timezone', () => {
    const result = detect({
      maintenanceWindows: {
        [API]: {
          timezone: 'Mars/Olympus',
          hours: { sat: [['00:00', '24:00']] },
        },
      },
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      kind: 'maintenance_window',
      entityRef: API,
      blocking: false,
    });
    expect(result[0].message).toContain('invalid timezone "Mars/Olympus"');
  });
});

describe('detectConflicts: everything together', () => {
  it('lists overlaps, dependency overlaps, freezes and maintenance windows in that order', () => {
    const result = detectConflicts({
      change: { ...subject, type: 'normal' },
      otherChanges: [
        other({ id: 'c-2', entityRefs: [DB] }),
        other({ id: 'c-3' }),
      ],
      relations: relationsFromEntities(catalogEntities),
      freezeWindows: [
        {
          name: 'Release freeze',
          start: '2026-03-10T00:00:00Z',
          end: '2026-03-11T00:00:00Z',
        },
      ],
      maintenanceWindows: {
        [API]: { timezone: 'UTC', hours: { sat: [['00:00', '24:00']] } },
      },
    });
    expect(result.map(c => c.kind)).toEqual([
      'overlap',
      'dependency_overlap',
      'freeze',
      'maintenance_window',
    ]);
    expect(result.filter(c => c.blocking).map(c => c.kind)).toEqual(['freeze']);
  });
});

describe('conflictWithoutTitle', () => {
  const overlap = {
    kind: 'overlap' as const,
    changeId: 'c-2',
    entityRef: API,
    message: `CHG-2 "Say \\"hi\\" also changes ${API} twice" also changes ${API} in an overlapping window (10:00–12:00 UTC)`,
    blocking: false,
  };

  it('drops the title of an overlap, whatever the title holds', () => {
    expect(conflictWithoutTitle(overlap, 'CHG-2')).toEqual({
      ...overlap,
      message: `CHG-2 also changes ${API} in an overlapping window (10:00–12:00 UTC)`,
    });
  });

  it('drops the title of a dependency overlap', () => {
    const [conflict] = detect({
      otherChanges: [
        other({
          id: 'c-3',
          number: 'CHG-0008',
          title: 'Secret web release',
          entityRefs: [WEB],
        }),
      ],
      relations: relationsFromEntities(catalogEntities),
    });
    expect(conflict.message).toContain('Secret web release');
    expect(conflictWithoutTitle(conflict, 'CHG-0008')).toEqual({
      ...conflict,
      message:
        'CHG-0008 changes component:default/web, which depends on component:default/api, in an overlapping window (2026-03-10 11:00 – 2026-03-10 13:00 UTC)',
    });
  });

  it('leaves other conflicts alone and replaces a message of another shape', () => {
    expect(conflictWithoutTitle(overlap, 'CHG-9')).toBe(overlap);
    expect(
      conflictWithoutTitle(
        { ...overlap, message: 'CHG-2 "x" did something' },
        'CHG-2',
      ).message,
    ).toBe('CHG-2 overlaps this change');
  });
});
