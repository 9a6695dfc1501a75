import { ResponseError } from '@backstage/errors';
import { fieldOfMessage, parseApiError } from './errors';

async function responseError(status: number, message: string) {
  const body = JSON.stringify({
    error: { name: status === 409 ? 'ConflictError' : 'InputError', message },
    request: { method: 'POST', url: '/api/itsm/incidents' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 409 ? 'Conflict' : 'Bad Request',
    url: 'http://localhost/api/itsm/incidents',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as any);
}

describe('fieldOfMessage', () => {
  const fields = [
    'title',
    'impact',
    'urgency',
    'plannedStart',
    'plannedEnd',
    'peakHours',
  ];

  it.each([
    ['/body/impact must be <= 3', 'impact'],
    ['impact: must be one of 1, 2, 3', 'impact'],
    ['urgency must be an integer', 'urgency'],
    ['/body/riskAssessment/peakHours must be boolean', 'peakHours'],
    ['riskAssessment.peakHours must be a boolean', 'peakHours'],
    [
      'The planned window is invalid: plannedEnd is before plannedStart',
      'plannedEnd',
    ],
    ['Something unrelated happened', undefined],
  ])('%s → %s', (message, field) => {
    expect(fieldOfMessage(message, fields)).toBe(field);
  });
});

describe('parseApiError', () => {
  it('maps 400 messages to fields', async () => {
    const info = parseApiError(
      await responseError(400, '/body/impact must be <= 3'),
      ['impact', 'urgency'],
    );
    expect(info.status).toBe(400);
    expect(info.fieldErrors).toEqual({ impact: 'impact must be <= 3' });
  });

  it('keeps 409 messages general', async () => {
    const info = parseApiError(
      await responseError(409, 'Cannot move from closed to new; allowed: none'),
      ['to'],
    );
    expect(info.status).toBe(409);
    expect(info.fieldErrors).toEqual({});
    expect(info.message).toBe('Cannot move from closed to new; allowed: none');
  });
});
