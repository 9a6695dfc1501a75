import { screen, within } from '@testing-library/react';
import { rest } from 'msw';
import { DateTime } from 'luxon';
import { KpiCharts } from './KpiCharts';
import { renderItsm } from '../../__testUtils__/render';
import { setupItsmServer } from '../../__testUtils__/handlers';
import {
  availability,
  BASE_URL,
  ENTITY_REF,
  errorBody,
  kpis,
  makeIncident,
  page,
  service,
} from '../../__testUtils__/fixtures';

describe('KpiCharts', () => {
  const server = setupItsmServer();

  it('builds MTTR per month, incidents per week by priority and availability per month', async () => {
    const kpiQueries: URLSearchParams[] = [];
    const thisWeek = DateTime.now().startOf('week');
    server.use(
      rest.get(`${BASE_URL}/kpis`, (req, res, ctx) => {
        kpiQueries.push(req.url.searchParams);
        return res(ctx.json(kpis));
      }),
      rest.get(`${BASE_URL}/services/:id/availability`, (_req, res, ctx) =>
        res(ctx.json(availability)),
      ),
      rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
        res(
          ctx.json(
            page([
              makeIncident({
                id: 'a',
                priority: 'P1',
                openedAt: thisWeek.plus({ hours: 1 }).toISO()!,
              }),
              makeIncident({
                id: 'b',
                priority: 'P3',
                openedAt: thisWeek.plus({ hours: 2 }).toISO()!,
              }),
              makeIncident({
                id: 'c',
                priority: 'P3',
                openedAt: thisWeek.plus({ hours: 3 }).toISO()!,
              }),
            ]),
          ),
        ),
      ),
    );
    await renderItsm(<KpiCharts entityRef={ENTITY_REF} service={service} />);

    const mttr = within(
      (await screen.findByText('MTTR trend', { selector: 'caption' })).closest(
        'table',
      )!,
    );
    expect(kpiQueries).toHaveLength(6);
    expect(kpiQueries[0].get('entityRef')).toBe(ENTITY_REF);
    // 300 minutes mean → 5 h for each month
    expect(mttr.getAllByText('5')).toHaveLength(6);

    const weekly = within(
      screen
        .getByText('Incidents per week by priority', { selector: 'caption' })
        .closest('table')!,
    );
    const lastRow = weekly.getByText(thisWeek.toISODate()!).closest('tr')!;
    expect(
      within(lastRow)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['1', '0', '2', '0']);

    const avail = within(
      screen
        .getByText('Availability per month', { selector: 'caption' })
        .closest('table')!,
    );
    expect(avail.getAllByText('99.955')).toHaveLength(6);
  });

  it('shows errors', async () => {
    server.use(
      rest.get(`${BASE_URL}/kpis`, (_req, res, ctx) =>
        res(
          ctx.status(500),
          ctx.json(errorBody('Error', 'kpi store offline', 500)),
        ),
      ),
      rest.get(`${BASE_URL}/services/:id/availability`, (_req, res, ctx) =>
        res(ctx.json(availability)),
      ),
    );
    await renderItsm(<KpiCharts entityRef={ENTITY_REF} service={service} />);
    expect(
      (await screen.findAllByText(/kpi store offline/)).length,
    ).toBeGreaterThan(0);
  });
});
