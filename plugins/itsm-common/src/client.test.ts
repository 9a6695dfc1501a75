import { ItsmClient } from './client';

describe('ItsmClient', () => {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: (async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      if (url.includes('/incidents/missing')) {
        return new Response(
          JSON.stringify({
            error: {
              name: 'NotFoundError',
              message: 'No incident with id missing',
            },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        );
      }
      return new Response(
        JSON.stringify({ items: [], totalCount: 0, nextCursor: null }),
        {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        },
      );
    }) as any,
  };
  const client = new ItsmClient({
    discoveryApi: { getBaseUrl: async () => 'http://backstage/api/itsm' },
    fetchApi,
  });

  beforeEach(() => calls.splice(0));

  it('encodes list filters, repeating array values', async () => {
    await client.listIncidents({
      state: ['new', 'on_hold'],
      priority: 'P1',
      entityRef: 'component:default/a b',
      limit: 10,
    });
    expect(calls[0].url).toBe(
      'http://backstage/api/itsm/incidents?state=new&state=on_hold&priority=P1&entityRef=component%3Adefault%2Fa+b&limit=10',
    );
  });

  it('builds the entity summary path from a ref, defaulting kind and namespace', async () => {
    await client.getEntitySummary('component:default/checkout');
    await client.getEntitySummary('payments');
    expect(calls.map(c => c.url)).toEqual([
      'http://backstage/api/itsm/entities/component/default/checkout/summary',
      'http://backstage/api/itsm/entities/component/default/payments/summary',
    ]);
  });

  it('sends JSON bodies and a bearer token when given', async () => {
    await client.transitionIncident(
      'i1',
      { to: 'in_progress', version: 3 },
      { token: 'abc' },
    );
    expect(calls[0].init?.method).toBe('POST');
    expect((calls[0].init?.headers as any).Authorization).toBe('Bearer abc');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      to: 'in_progress',
      version: 3,
    });
  });

  it('reads the configured risk model from changes/risk-model', async () => {
    await client.getRiskModel();
    expect(calls[0].url).toBe('http://backstage/api/itsm/changes/risk-model');
    expect(calls[0].init?.method).toBe('GET');
  });

  it('turns error responses into ResponseErrors carrying the server message', async () => {
    await expect(client.getIncident('missing')).rejects.toMatchObject({
      name: 'ResponseError',
      body: { error: { message: 'No incident with id missing' } },
    });
  });
});
