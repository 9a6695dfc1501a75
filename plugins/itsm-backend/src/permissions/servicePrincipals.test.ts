import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SERVICE_PRINCIPAL_ALLOW,
  ServicePrincipalPolicy,
} from './servicePrincipals';

const policy = (allow?: unknown) =>
  ServicePrincipalPolicy.fromConfig(
    new ConfigReader(
      allow === undefined ? {} : { itsm: { servicePrincipals: { allow } } },
    ),
  );

describe('ServicePrincipalPolicy', () => {
  it('defaults to what the integrations need, never SLA or service administration', () => {
    const p = policy();
    for (const action of DEFAULT_SERVICE_PRINCIPAL_ALLOW)
      expect(p.allows('external:any', action)).toBe(true);
    for (const action of [
      'sla.admin',
      'service.admin',
      'service.create',
      'incident.update',
      'change.update',
      'change.approve',
    ]) {
      expect(p.allows('external:any', action)).toBe(false);
    }
  });

  it('reads the general list and per-subject lists that replace it', () => {
    const p = policy([
      'read',
      'alerts',
      { subject: 'external:ci', allow: ['deployments'] },
    ]);
    expect(
      ['read', 'alerts', 'deployments'].map(a => p.allows('plugin:search', a)),
    ).toEqual([true, true, false]);
    expect(
      ['read', 'alerts', 'deployments'].map(a => p.allows('external:ci', a)),
    ).toEqual([false, false, true]);
    expect(policy([]).allows('external:any', 'read')).toBe(false);
  });

  it('fails the start-up on a misspelt action or a malformed entry', () => {
    expect(() => policy(['read', 'alert'])).toThrow(
      /^itsm\.servicePrincipals\.allow\[1\]: unknown ITSM action 'alert'; expected one of read, alerts,/,
    );
    expect(() =>
      policy([{ subject: 'external:ci', allow: ['deploy'] }]),
    ).toThrow(
      /^itsm\.servicePrincipals\.allow\[0\]\.allow\[0\]: unknown ITSM action 'deploy'/,
    );
    expect(() => policy([{ allow: ['read'] }])).toThrow(
      /^itsm\.servicePrincipals\.allow\[0\]: must be an action name or/,
    );
    expect(() =>
      policy([
        { subject: 'a', allow: [] },
        { subject: 'a', allow: [] },
      ]),
    ).toThrow(/subject 'a' is listed twice/);
  });
});
