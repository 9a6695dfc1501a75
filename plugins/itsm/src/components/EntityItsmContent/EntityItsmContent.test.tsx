import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type { CreateIncidentRequest } from '@backstage-itsm/plugin-itsm-common';
import type {
  IncidentTransitionRequest,
  EntitySummary,
} from '@backstage-itsm/plugin-itsm-common';
import { EntityItsmContent } from './EntityItsmContent';
import { renderItsm } from '../../__testUtils__/render';
import {
  defaultHandlers,
  recordWrites,
  setupItsmServer,
} from '../../__testUtils__/handlers';
import {
  BASE_URL,
  componentEntity,
  emptySummary,
  errorBody,
  incidentP1,
  summary,
} from '../../__testUtils__/fixtures';

const SUMMARY_URL = `${BASE_URL}/entities/component/default/payments-api/summary`;

/** The material-table of the open incidents (its title is in the same Paper). */
async function openIncidentsTable() {
  const title = await screen.findByText('Open incidents');
  return within(title.closest('.MuiPaper-root') as HTMLElement);
}

describe('EntityItsmContent', () => {
  const server = setupItsmServer();

  beforeEach(() => server.use(...defaultHandlers()));

  function serveSummary(body: EntitySummary | (() => EntitySummary)) {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(ctx.json(typeof body === 'function' ? body() : body)),
      ),
    );
  }

  it('shows a progress indicator while loading', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(ctx.delay(5000), ctx.json(summary)),
      ),
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the API error', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(
          ctx.status(500),
          ctx.json(errorBody('Error', 'database is down', 500)),
        ),
      ),
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    expect(
      (await screen.findAllByText(/database is down/)).length,
    ).toBeGreaterThan(0);
  });

  it('offers to register the entity when it has no service', async () => {
    serveSummary(emptySummary);
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    expect(
      await screen.findByText('Not an IT service yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Register service' }),
    ).toBeInTheDocument();
  });

  it('renders header and open incidents, and acknowledging posts a transition', async () => {
    let current = summary;
    serveSummary(() => current);
    const posted: IncidentTransitionRequest[] = [];
    server.use(
      rest.post(
        `${BASE_URL}/incidents/:id/transitions`,
        async (req, res, ctx) => {
          const body = (await req.json()) as IncidentTransitionRequest;
          posted.push(body);
          const updated = {
            ...incidentP1,
            state: body.to,
            version: 2,
            acknowledgedAt: new Date().toISOString(),
          };
          current = {
            ...summary,
            openIncidents: [updated, ...summary.openIncidents.slice(1)],
          };
          return res(ctx.json(updated));
        },
      ),
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });

    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(screen.getByText('1 – mission critical')).toBeInTheDocument();
    expect(screen.getAllByText('Gold').length).toBeGreaterThan(0);
    const table = await openIncidentsTable();
    expect(table.getByText('INC-1001')).toBeInTheDocument();
    expect(table.getByText('INC-1002')).toBeInTheDocument();

    const row = table.getByText('INC-1001').closest('tr')!;
    expect(within(row).getByText('New')).toBeInTheDocument();
    await userEvent.click(
      within(row).getByRole('button', { name: 'Acknowledge INC-1001' }),
    );

    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({ to: 'in_progress', version: 1 });
    await waitFor(async () => {
      const updatedRow = (await openIncidentsTable())
        .getByText('INC-1001')
        .closest('tr')!;
      expect(within(updatedRow).getByText('In progress')).toBeInTheDocument();
      expect(
        within(updatedRow).queryByRole('button', {
          name: 'Acknowledge INC-1001',
        }),
      ).not.toBeInTheDocument();
    });
  });

  it('loads history, availability and KPI series again after an incident was worked', async () => {
    serveSummary(summary);
    server.use(
      rest.post(`${BASE_URL}/incidents/:id/transitions`, (_req, res, ctx) =>
        res(ctx.json({ ...incidentP1, state: 'in_progress', version: 2 })),
      ),
    );
    const requests: string[] = [];
    const record = (req: { method: string; url: URL }) => {
      if (req.method === 'GET') requests.push(req.url.pathname);
    };
    server.events.on('request:start', record);
    const count = (pattern: RegExp) =>
      requests.filter(p => pattern.test(p)).length;
    try {
      await renderItsm(<EntityItsmContent />, { entity: componentEntity });
      const table = await openIncidentsTable();
      await waitFor(() => expect(count(/\/kpis$/)).toBeGreaterThan(0));
      await waitFor(() => expect(count(/\/availability$/)).toBeGreaterThan(0));
      await waitFor(() => expect(count(/\/incidents$/)).toBeGreaterThan(0));
      // Let the first load settle, then take the counts.
      await new Promise(r => setTimeout(r, 200));
      const before = {
        kpis: count(/\/kpis$/),
        availability: count(/\/availability$/),
        incidents: count(/\/incidents$/),
      };

      await userEvent.click(
        table.getByRole('button', { name: 'Acknowledge INC-1001' }),
      );

      await waitFor(() => {
        expect(count(/\/kpis$/)).toBeGreaterThan(before.kpis);
        expect(count(/\/availability$/)).toBeGreaterThan(before.availability);
        expect(count(/\/incidents$/)).toBeGreaterThan(before.incidents);
      });
    } finally {
      server.events.removeListener('request:start', record);
    }
  });

  it.each([
    ['a notification (incident number)', 'INC-1001'],
    ['a search result (incident id)', incidentP1.id],
  ])(
    'follows a deep link from %s: the history searches for the incident',
    async (_from, param) => {
      serveSummary(summary);
      const queries: string[] = [];
      const record = (req: { method: string; url: URL }) => {
        if (req.method === 'GET' && req.url.pathname.endsWith('/incidents')) {
          queries.push(req.url.searchParams.get('q') ?? '');
        }
      };
      server.events.on('request:start', record);
      try {
        await renderItsm(<EntityItsmContent />, {
          entity: componentEntity,
          routeEntries: [`/?incident=${encodeURIComponent(param)}`],
        });
        await waitFor(() =>
          expect(screen.getByLabelText('Search incidents')).toHaveValue(
            'INC-1001',
          ),
        );
        await waitFor(() => expect(queries).toContain('INC-1001'));
      } finally {
        server.events.removeListener('request:start', record);
      }
    },
  );

  it('shows the 409 message when the incident changed meanwhile', async () => {
    serveSummary(summary);
    server.use(
      rest.post(`${BASE_URL}/incidents/:id/transitions`, (_req, res, ctx) =>
        res(
          ctx.status(409),
          ctx.json(
            errorBody(
              'ConflictError',
              'Stale version 1: the incident is at version 2',
              409,
            ),
          ),
        ),
      ),
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge INC-1001' }),
    );
    expect(
      await screen.findByText(/Stale version 1: the incident is at version 2/),
    ).toBeInTheDocument();
  });

  it('registers the entity from the empty state and then shows the service', async () => {
    let current: EntitySummary = emptySummary;
    serveSummary(() => current);
    const bodies: any[] = [];
    server.use(
      rest.post(`${BASE_URL}/services`, async (req, res, ctx) => {
        bodies.push(await req.json());
        current = summary;
        return res(ctx.status(201), ctx.json(summary.services[0]));
      }),
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Register service' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByLabelText('Owner (group)')).toHaveValue(
      'group:default/payments-team',
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Register' }));
    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(bodies[0].entityRef).toBe('component:default/payments-api');
  });

  it('opens an incident for this entity from the header', async () => {
    serveSummary(summary);
    const bodies = recordWrites<CreateIncidentRequest>(
      server,
      'post',
      '/incidents',
      { ...incidentP1, id: 'inc-9', number: 'INC-1009' },
    );
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open incident' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByLabelText('Entity')).toHaveValue(
      'component:default/payments-api',
    );
    await userEvent.type(dialog.getByLabelText(/Title/), 'Card payments fail');
    await userEvent.click(
      dialog.getByRole('button', { name: 'Open incident' }),
    );
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({
      entityRef: 'component:default/payments-api',
      title: 'Card payments fail',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows SLA, problems, history, KPIs and changes', async () => {
    serveSummary(summary);
    await renderItsm(<EntityItsmContent />, { entity: componentEntity });
    expect(await screen.findByText('SLA this month')).toBeInTheDocument();
    expect(await screen.findByText('99.955 %')).toBeInTheDocument();
    expect(
      screen.getByText('PRB-12 · Connection pool exhaustion'),
    ).toBeInTheDocument();
    expect(screen.getByText('Incident history')).toBeInTheDocument();
    expect(await screen.findByText('INC-0990')).toBeInTheDocument();
    expect(
      await screen.findByText('MTTR trend', { selector: 'caption' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('change-CHG-200')).toBeInTheDocument();
  });
});
