import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import type { CreateIncidentRequest } from '@backstage-itsm/plugin-itsm-common';
import { IncidentsView } from './IncidentsView';
import { renderItsm } from '../../../__testUtils__/render';
import { chooseOption } from '../../../__testUtils__/userActions';
import {
  answerError,
  defaultHandlers,
  recordWrites,
  setupItsmServer,
} from '../../../__testUtils__/handlers';
import {
  BASE_URL,
  componentEntity,
  incidentP1,
  incidentP4,
  page,
} from '../../../__testUtils__/fixtures';

describe('IncidentsView', () => {
  const server = setupItsmServer();

  function serve() {
    const queries: URLSearchParams[] = [];
    server.use(...defaultHandlers());
    server.use(
      rest.get(`${BASE_URL}/incidents`, (req, res, ctx) => {
        queries.push(req.url.searchParams);
        const p = req.url.searchParams;
        let items = [incidentP1, incidentP4];
        if (p.get('assigneeRef')) {
          items = items.filter(i => i.assigneeRef === p.get('assigneeRef'));
        }
        return res(ctx.json(page(items)));
      }),
    );
    return queries;
  }

  it('lists all incidents with their entity', async () => {
    serve();
    await renderItsm(<IncidentsView />);
    expect(await screen.findByText('INC-1001')).toBeInTheDocument();
    expect(screen.getByText('INC-1002')).toBeInTheDocument();
    expect(screen.getAllByText('payments-api').length).toBeGreaterThan(0);
  });

  it('filters "assigned to me" and "my team\'s"', async () => {
    const queries = serve();
    await renderItsm(<IncidentsView />, {
      userEntityRef: 'user:default/john',
      ownershipEntityRefs: ['user:default/john', 'group:default/payments-team'],
    });
    await screen.findByText('INC-1001');

    await userEvent.click(
      screen.getByRole('button', { name: 'Assigned to me' }),
    );
    await waitFor(() =>
      expect(queries[queries.length - 1].get('assigneeRef')).toBe(
        'user:default/john',
      ),
    );
    await waitFor(() =>
      expect(screen.queryByText('INC-1001')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('INC-1002')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: "My team's" }));
    await waitFor(() =>
      expect(queries[queries.length - 1].get('owner')).toBe(
        'group:default/payments-team',
      ),
    );
  });

  it('explains when the user has no team', async () => {
    serve();
    await renderItsm(<IncidentsView />, {
      ownershipEntityRefs: ['user:default/jane'],
    });
    await userEvent.click(
      await screen.findByRole('button', { name: "My team's" }),
    );
    expect(
      await screen.findByText('You are not a member of any group.'),
    ).toBeInTheDocument();
  });

  it('opens an incident for a picked entity', async () => {
    serve();
    const bodies = recordWrites<CreateIncidentRequest>(
      server,
      'post',
      '/incidents',
      { ...incidentP1, id: 'new', number: 'INC-1100' },
    );
    await renderItsm(<IncidentsView />, { catalogEntities: [componentEntity] });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Open incident' }),
    );
    const dialog = within(await screen.findByRole('dialog'));
    await chooseOption(/Entity/, /payments-api/, dialog);
    await userEvent.type(dialog.getByLabelText(/Title/), 'Login broken');
    await userEvent.click(
      dialog.getByRole('button', { name: 'Open incident' }),
    );
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({
      title: 'Login broken',
      entityRef: 'component:default/payments-api',
      impact: 2,
      urgency: 2,
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows list errors', async () => {
    serve();
    answerError(
      server,
      'get',
      '/incidents',
      'Error',
      'incident store down',
      500,
    );
    await renderItsm(<IncidentsView />);
    expect(await screen.findByText('incident store down')).toBeInTheDocument();
  });
});
