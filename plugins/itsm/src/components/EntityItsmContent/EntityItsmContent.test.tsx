import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  IncidentTransitionRequest,
  EntitySummary,
} from '@backstage-itsm/plugin-itsm-common';
import { EntityItsmContent } from './EntityItsmContent';
import { renderItsm } from '../../testUtils/render';
import { defaultHandlers } from '../../testUtils/handlers';
import {
  BASE_URL,
  componentEntity,
  emptySummary,
  errorBody,
  incidentP1,
  summary,
} from '../../testUtils/fixtures';

const SUMMARY_URL = `${BASE_URL}/entities/component/default/payments-api/summary`;

/** The material-table of the open incidents (its title is in the same Paper). */
async function openIncidentsTable() {
  const title = await screen.findByText('Open incidents');
  return within(title.closest('.MuiPaper-root') as HTMLElement);
}

describe('EntityItsmContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

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
});
