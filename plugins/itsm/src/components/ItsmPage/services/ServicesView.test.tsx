import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { ServicesView } from './ServicesView';
import { renderItsm } from '../../../__testUtils__/render';
import { answerError, setupItsmServer } from '../../../__testUtils__/handlers';
import {
  availability,
  BASE_URL,
  incidentP1,
  page,
  service,
} from '../../../__testUtils__/fixtures';

describe('ServicesView', () => {
  const server = setupItsmServer();

  const otherService = {
    ...service,
    id: 'svc-hr',
    name: 'HR Portal',
    entityRef: 'component:default/hr-portal',
    entityRefs: ['component:default/hr-portal'],
    ownerRef: 'group:default/people',
    criticality: 4 as const,
    category: 'workplace' as const,
    slaId: null,
  };

  function serve(options: { services?: (typeof service)[] } = {}) {
    const queries: URLSearchParams[] = [];
    server.use(
      rest.get(`${BASE_URL}/services`, (req, res, ctx) => {
        queries.push(req.url.searchParams);
        const q = req.url.searchParams.get('q');
        const items = (options.services ?? [service, otherService]).filter(
          s => !q || s.name.toLowerCase().includes(q.toLowerCase()),
        );
        return res(ctx.json(page(items)));
      }),
      rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
        res(ctx.json(page([incidentP1]))),
      ),
      rest.get(`${BASE_URL}/services/:id/availability`, (_req, res, ctx) =>
        res(ctx.json(availability)),
      ),
    );
    return queries;
  }

  it('lists services with health, SLA status, owner and criticality', async () => {
    serve();
    await renderItsm(<ServicesView />);
    const row = (await screen.findByText('Payments API')).closest('tr')!;
    await waitFor(() =>
      expect(within(row).getByText('Major outage')).toBeInTheDocument(),
    );
    expect(within(row).getByText('1 – mission critical')).toBeInTheDocument();
    expect(within(row).getByText('Application')).toBeInTheDocument();
    expect(
      await within(row).findByText('99.955 % (target 99.9 %)'),
    ).toBeInTheDocument();

    const hr = screen.getByText('HR Portal').closest('tr')!;
    expect(within(hr).getByText('Operational')).toBeInTheDocument();
    expect(within(hr).getByText('No SLA assigned')).toBeInTheDocument();
  });

  it('sends the search to the API', async () => {
    const queries = serve();
    await renderItsm(<ServicesView />);
    await screen.findByText('HR Portal');
    await userEvent.type(screen.getByLabelText('Search services'), 'pay');
    await waitFor(() =>
      expect(screen.queryByText('HR Portal')).not.toBeInTheDocument(),
    );
    expect(queries.some(q => q.get('q') === 'pay')).toBe(true);
    expect(screen.getByText('Payments API')).toBeInTheDocument();
  });

  it('shows an empty table', async () => {
    serve({ services: [] });
    await renderItsm(<ServicesView />);
    expect(
      await screen.findByText('No services registered yet.'),
    ).toBeInTheDocument();
  });

  it('shows API errors', async () => {
    serve();
    answerError(server, 'get', '/services', 'Error', 'boom', 500);
    await renderItsm(<ServicesView />);
    expect(await screen.findByText('boom')).toBeInTheDocument();
  });
});
