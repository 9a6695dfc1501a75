import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { IncidentTable } from './IncidentTable';
import { renderItsm } from '../../__testUtils__/render';
import { chooseOption } from '../../__testUtils__/userActions';
import { answerError, setupItsmServer } from '../../__testUtils__/handlers';
import {
  BASE_URL,
  ENTITY_REF,
  makeIncident,
  page,
} from '../../__testUtils__/fixtures';

const many = Array.from({ length: 12 }, (_, i) =>
  makeIncident({
    id: `inc-${i}`,
    number: `INC-${2000 + i}`,
    title: `Incident ${i}`,
    priority: i % 2 ? 'P2' : 'P3',
    state: i % 3 ? 'closed' : 'resolved',
  }),
);

describe('IncidentTable', () => {
  const server = setupItsmServer();

  /** A fake of the list endpoint: filters, limit + cursor pagination like the backend. */
  function serveIncidents() {
    const queries: URLSearchParams[] = [];
    server.use(
      rest.get(`${BASE_URL}/incidents`, (req, res, ctx) => {
        const p = req.url.searchParams;
        queries.push(p);
        let items = many;
        if (p.get('state'))
          items = items.filter(i => i.state === p.get('state'));
        if (p.get('priority'))
          items = items.filter(i => i.priority === p.get('priority'));
        if (p.get('q'))
          items = items.filter(i => i.title.includes(p.get('q')!));
        const offset = Number(p.get('cursor') ?? 0);
        const limit = Number(p.get('limit'));
        const slice = items.slice(offset, offset + limit);
        const next =
          offset + limit < items.length ? String(offset + limit) : null;
        return res(ctx.json(page(slice, next, items.length)));
      }),
    );
    return queries;
  }

  it('pages on the server with limit and cursor', async () => {
    const queries = serveIncidents();
    await renderItsm(
      <IncidentTable
        title="Incident history"
        params={{ entityRef: ENTITY_REF }}
      />,
    );
    expect(await screen.findByText('INC-2000')).toBeInTheDocument();
    expect(screen.queryByText('INC-2010')).not.toBeInTheDocument();
    expect(queries[0].get('entityRef')).toBe(ENTITY_REF);
    expect(queries[0].get('limit')).toBe('10');
    expect(queries[0].get('cursor')).toBeNull();
    expect(screen.getAllByText(/1-10 of 12/).length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('INC-2010')).toBeInTheDocument();
    expect(queries[queries.length - 1].get('cursor')).toBe('10');
    expect(screen.getAllByText(/11-12 of 12/).length).toBeGreaterThan(0);

    await userEvent.click(
      screen.getByRole('button', { name: /previous page/i }),
    );
    expect(await screen.findByText('INC-2000')).toBeInTheDocument();
    expect(queries[queries.length - 1].get('cursor')).toBeNull();
  });

  it('filters by state and priority and searches', async () => {
    const queries = serveIncidents();
    await renderItsm(<IncidentTable title="Incidents" />);
    await screen.findByText('INC-2000');

    await chooseOption('Priority', 'P2 – high');
    await waitFor(() =>
      expect(screen.queryByText('INC-2000')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('INC-2001')).toBeInTheDocument();
    expect(queries[queries.length - 1].get('priority')).toBe('P2');

    await chooseOption('State', 'Resolved');
    await waitFor(() =>
      expect(queries[queries.length - 1].get('state')).toBe('resolved'),
    );
    expect(await screen.findByText('INC-2003')).toBeInTheDocument();
    expect(screen.queryByText('INC-2001')).not.toBeInTheDocument();

    await userEvent.type(
      screen.getByLabelText('Search incidents'),
      'Incident 9',
    );
    await waitFor(() =>
      expect(queries[queries.length - 1].get('q')).toBe('Incident 9'),
    );
    expect(await screen.findByText('INC-2009')).toBeInTheDocument();
    expect(screen.queryByText('INC-2003')).not.toBeInTheDocument();
  }, 20000);

  it('shows an empty message', async () => {
    server.use(
      rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
        res(ctx.json(page([]))),
      ),
    );
    await renderItsm(<IncidentTable title="Incidents" />);
    expect(
      await screen.findByText('No incidents match the filters.'),
    ).toBeInTheDocument();
  });

  it('shows the server message on errors', async () => {
    answerError(
      server,
      'get',
      '/incidents',
      'InputError',
      'q must be at most 200 characters',
      400,
    );
    await renderItsm(<IncidentTable title="Incidents" />);
    expect(
      await screen.findByText('q must be at most 200 characters'),
    ).toBeInTheDocument();
  });
});
