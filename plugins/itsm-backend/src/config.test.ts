import { ConfigReader } from '@backstage/config';
import { DEFAULT_CHANGE_CONFIG } from './domain/changes';
import { DEFAULT_ALERT_LABELS } from './domain/alerts/mapping';
import { DEFAULT_SERVICE_PRINCIPAL_ALLOW } from './permissions/servicePrincipals';
import { ITSM_CONFIG_DEFAULTS, readItsmConfig } from './config';

const read = (itsm?: object) =>
  readItsmConfig(new ConfigReader(itsm === undefined ? {} : { itsm }));

describe('readItsmConfig', () => {
  it('gives the documented defaults when nothing is configured', () => {
    for (const config of [read(), read({})]) {
      expect(config).toMatchObject({
        changes: DEFAULT_CHANGE_CONFIG,
        alerts: DEFAULT_ALERT_LABELS,
        slaCheck: { frequencySeconds: 60 },
        catalogSync: { enabled: true, frequencyMinutes: 5 },
        search: { frequencyMinutes: 10, pageSize: 200 },
        demoData: { enabled: false },
      });
      for (const action of DEFAULT_SERVICE_PRINCIPAL_ALLOW) {
        expect(config.servicePrincipals.allows('external:ci', action)).toBe(
          true,
        );
      }
      expect(config.servicePrincipals.allows('external:ci', 'sla.admin')).toBe(
        false,
      );
    }
    expect(ITSM_CONFIG_DEFAULTS.slaCheckFrequencySeconds).toBe(60);
  });

  it('reads every section', () => {
    const config = read({
      changes: {
        cab: 'change-board',
        freezeWindows: [
          {
            name: 'Year end',
            start: '2030-12-20T00:00:00Z',
            end: '2031-01-05T00:00:00Z',
          },
        ],
      },
      alerts: {
        entityLabel: 'backstage_entity',
        componentLabel: 'app',
        serviceLabel: 'itsm_service',
      },
      servicePrincipals: {
        allow: ['read', { subject: 'external:ci', allow: ['deployments'] }],
      },
      slaCheck: { frequencySeconds: 15 },
      catalogSync: { enabled: false, frequencyMinutes: 30 },
      search: { frequencyMinutes: 60, pageSize: 50 },
      demoData: { enabled: true },
    });
    expect(config.changes.cabGroupRef).toBe('group:default/change-board');
    expect(config.changes.freezeWindows).toEqual([
      {
        name: 'Year end',
        start: '2030-12-20T00:00:00.000Z',
        end: '2031-01-05T00:00:00.000Z',
      },
    ]);
    expect(config.alerts).toEqual({
      entityLabel: 'backstage_entity',
      componentLabel: 'app',
      serviceLabel: 'itsm_service',
    });
    expect(config.servicePrincipals.allows('plugin:search', 'read')).toBe(true);
    expect(config.servicePrincipals.allows('external:ci', 'read')).toBe(false);
    expect(config.servicePrincipals.allows('external:ci', 'deployments')).toBe(
      true,
    );
    expect(config.slaCheck).toEqual({ frequencySeconds: 15 });
    expect(config.catalogSync).toEqual({
      enabled: false,
      frequencyMinutes: 30,
    });
    expect(config.search).toEqual({ frequencyMinutes: 60, pageSize: 50 });
    expect(config.demoData).toEqual({ enabled: true });
  });

  it('keeps a label default when only another label is set', () => {
    expect(read({ alerts: { serviceLabel: 'svc' } }).alerts).toEqual({
      ...DEFAULT_ALERT_LABELS,
      serviceLabel: 'svc',
    });
  });

  it('turns the catalog sync off only when it says false', () => {
    expect(read({ catalogSync: {} }).catalogSync.enabled).toBe(true);
    expect(read({ catalogSync: { enabled: true } }).catalogSync.enabled).toBe(
      true,
    );
    expect(read({ catalogSync: { enabled: false } }).catalogSync.enabled).toBe(
      false,
    );
  });

  it('fails on invalid values, naming the key', () => {
    expect(() => read({ slaCheck: { frequencySeconds: 'often' } })).toThrow(
      /slaCheck\.frequencySeconds/,
    );
    expect(() => read({ servicePrincipals: { allow: ['reed'] } })).toThrow(
      /itsm\.servicePrincipals\.allow\[0\]/,
    );
    expect(() => read({ changes: { cab: 'user:default/bob' } })).toThrow(
      /itsm\.changes\.cab/,
    );
  });
});
