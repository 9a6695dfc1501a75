import { createHash } from 'node:crypto';
import {
  alertKey,
  fromAlertmanager,
  fromGeneric,
  MAX_ALERT_KEY_LENGTH,
  normalizeSeverity,
  notificationFingerprint,
  parseAlerts,
} from './mapping';

const am = (alert: object, common: object = {}) => ({
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  status: 'firing',
  receiver: 'itsm',
  groupLabels: {},
  commonLabels: common,
  commonAnnotations: {},
  externalURL: 'http://alertmanager',
  alerts: [alert],
});

describe('alert mapping', () => {
  it('maps an Alertmanager alert: fingerprint key, summary/description, entity label, severity', () => {
    const [alert] = fromAlertmanager(
      am({
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          severity: 'critical',
          entity: 'Component:default/Checkout',
        },
        annotations: {
          summary: 'Checkout 5xx above 5%',
          description: 'Errors since deploy',
        },
        startsAt: '2026-11-23T10:00:00.000+01:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prom/graph',
        fingerprint: 'abc123',
      }),
    );
    expect(alert).toEqual({
      key: 'alertmanager:abc123',
      status: 'firing',
      title: 'Checkout 5xx above 5%',
      description: 'Errors since deploy\n\nSource: http://prom/graph',
      entityRef: 'component:default/checkout',
      entityField: 'alerts[0].labels.entity',
      service: undefined,
      serviceField: 'alerts[0].labels.service',
      severity: 'critical',
      impact: 1,
      urgency: 1,
      outage: true,
      startsAt: '2026-11-23T09:00:00.000Z',
      endsAt: undefined,
    });
  });

  it('takes the component label (configurable names) and common labels, and falls back to alertname', () => {
    const [alert] = fromAlertmanager(
      am(
        { status: 'firing', labels: { alertname: 'Slow', app: 'payments' } },
        { severity: 'warning' },
      ),
      {
        entityLabel: 'backstage_entity',
        componentLabel: 'app',
      },
    );
    expect(alert).toMatchObject({
      entityRef: 'component:default/payments',
      title: 'Slow',
      impact: 2,
      urgency: 2,
      outage: false,
    });
    expect(alert.key).toMatch(/^alertmanager:[0-9a-f]{16}$/); // no fingerprint: hash of the labels
  });

  it('reads the service from the service label (configurable) and from `service` of the generic format', () => {
    const [byDefault] = fromAlertmanager(
      am({
        status: 'firing',
        labels: { component: 'checkout', service: ' Checkout ' },
      }),
    );
    expect(byDefault).toMatchObject({
      service: 'Checkout',
      serviceField: 'alerts[0].labels.service',
    });
    const [configured] = fromAlertmanager(
      am({
        status: 'firing',
        labels: { component: 'checkout', itsm_service: 'abc' },
      }),
      {
        entityLabel: 'entity',
        componentLabel: 'component',
        serviceLabel: 'itsm_service',
      },
    );
    expect(configured).toMatchObject({
      service: 'abc',
      serviceField: 'alerts[0].labels.itsm_service',
    });
    const generic = fromGeneric({
      dedupKey: 'k',
      status: 'firing',
      title: 't',
      component: 'x',
      service: 'Search',
    });
    expect(generic).toMatchObject({
      service: 'Search',
      serviceField: 'service',
    });
  });

  it('names the label when the entity is missing or malformed', () => {
    expect(() =>
      fromAlertmanager(am({ status: 'firing', labels: { alertname: 'X' } })),
    ).toThrow(/^alerts\[0\]\.labels\.entity: required/);
    expect(() =>
      fromAlertmanager(
        am({ status: 'firing', labels: { entity: 'not a ref' } }),
      ),
    ).toThrow(/^alerts\[0\]\.labels\.entity: must be a full entity ref/);
    expect(() => fromAlertmanager({ ...am({}), version: '3' })).toThrow(
      /^version:/,
    );
  });

  it('maps severities to impact/urgency', () => {
    expect(
      [
        'critical',
        'page',
        'error',
        'high',
        'warning',
        'info',
        undefined,
        'whatever',
      ].map(normalizeSeverity),
    ).toEqual([
      'critical',
      'critical',
      'high',
      'high',
      'warning',
      'info',
      'info',
      'info',
    ]);
    const p = (severity?: string) =>
      fromGeneric({
        dedupKey: 'k',
        status: 'firing',
        title: 't',
        component: 'x',
        severity,
      });
    expect(
      [p('critical'), p('high'), p('warning'), p('info')].map(a => [
        a.impact,
        a.urgency,
      ]),
    ).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('reads the generic format with explicit impact/urgency overriding the severity', () => {
    const alert = fromGeneric({
      dedupKey: 'disk-full-db1',
      status: 'firing',
      title: 'Disk full',
      entity: 'component:default/payments',
      severity: 'info',
      impact: 1,
      urgency: 2,
    });
    expect(alert).toMatchObject({
      key: 'alert:disk-full-db1',
      entityRef: 'component:default/payments',
      impact: 1,
      urgency: 2,
      outage: false,
    });
    expect(() =>
      fromGeneric({ status: 'firing', title: 't', component: 'x' }),
    ).toThrow(/^dedupKey: required/);
    expect(() =>
      fromGeneric({ dedupKey: 'k', status: 'firing', title: 't' }),
    ).toThrow(/^entity: required/);
    expect(() =>
      fromGeneric({
        dedupKey: 'k',
        status: 'open',
        title: 't',
        component: 'x',
      }),
    ).toThrow(/^status:/);
    expect(
      parseAlerts({ dedupKey: 'k', status: 'resolved', component: 'x' }),
    ).toHaveLength(1);
  });

  it('keeps keys short enough for the external key column with a re-fire suffix', () => {
    expect(alertKey('alert', 'short')).toBe('alert:short');
    const longest = 'k'.repeat(MAX_ALERT_KEY_LENGTH - 'alert:'.length);
    expect(alertKey('alert', longest)).toBe(`alert:${longest}`);
    const sha = createHash('sha256').update(`${longest}k`).digest('hex');
    expect(alertKey('alert', `${longest}k`)).toBe(`alert:sha256:${sha}`);
    expect(alertKey('alert', `${longest}k`)).not.toBe(
      alertKey('alert', `${longest}j`),
    );
    const fingerprint = 'f'.repeat(200);
    const [alert] = fromAlertmanager(
      am({ status: 'firing', labels: { component: 'x' }, fingerprint }),
    );
    expect(`${alert.key}#2026-01-10T10:00:00.000Z`.length).toBeLessThanOrEqual(
      200,
    );
  });

  it('refuses timestamps and entities that do not fit their columns, naming the field', () => {
    expect(() =>
      fromGeneric({
        dedupKey: 'k',
        status: 'firing',
        title: 't',
        component: 'x',
        startsAt: '+275760-09-13T00:00:00.000Z',
      }),
    ).toThrow(/^startsAt: out of range/);
    expect(() =>
      fromGeneric({
        dedupKey: 'k',
        status: 'firing',
        title: 't',
        entity: `component:default/${'n'.repeat(290)}`,
      }),
    ).toThrow(/^entity: at most 300 characters/);
    expect(() =>
      fromGeneric({
        dedupKey: 'k',
        status: 'firing',
        title: 't',
        component: 'c'.repeat(201),
      }),
    ).toThrow(/^component: at most 200 characters/);
    const description = fromGeneric({
      dedupKey: 'k',
      status: 'firing',
      title: 't',
      component: 'x',
      description: 'd'.repeat(30000),
    }).description;
    expect(description).toHaveLength(20000);
  });

  it('fingerprints a notification by what the intake acts on', () => {
    const base = {
      dedupKey: 'k',
      status: 'firing',
      title: 'Disk full',
      component: 'db',
      severity: 'warning',
      startsAt: '2026-01-01T10:00:00Z',
    };
    const f = (over: object = {}) =>
      notificationFingerprint(fromGeneric({ ...base, ...over }));
    expect(f()).toMatch(/^n[0-9a-f]{32}$/);
    // Retries and repeats are the same notification, whatever the wording.
    expect(f({ title: 'Disk almost full', description: 'db1' })).toBe(f());
    expect(f({ startsAt: '2026-01-01T11:00:00+01:00' })).toBe(f());
    // A new firing, another severity, the resolution, another entity or alert are not.
    const others = [
      f({ startsAt: '2026-01-01T12:00:00Z' }),
      f({ severity: 'critical' }),
      f({ impact: 1 }),
      f({ status: 'resolved' }),
      f({ status: 'resolved', endsAt: '2026-01-01T10:30:00Z' }),
      f({ component: 'web' }),
      f({ dedupKey: 'other' }),
    ];
    expect(new Set([f(), ...others]).size).toBe(others.length + 1);
  });
});
