import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { DateTime } from 'luxon';
import { ReportsView, kpiReportToCsv } from './ReportsView';
import { renderItsm } from '../../../__testUtils__/render';
import { chooseOption } from '../../../__testUtils__/userActions';
import { answerError, setupItsmServer } from '../../../__testUtils__/handlers';
import { BASE_URL, kpis, page, service } from '../../../__testUtils__/fixtures';

describe('kpiReportToCsv', () => {
  it('writes one metric per line', () => {
    const csv = kpiReportToCsv(kpis, 'group:default/payments-team').split('\n');
    expect(csv[0]).toBe('metric,value');
    expect(csv).toContain('owner,group:default/payments-team');
    expect(csv).toContain('incidents.total,12');
    expect(csv).toContain('incidents.byPriority.P1,1');
    expect(csv).toContain('mttr.meanMinutes,300');
    expect(csv).toContain('slaFulfilment.resolutionPercent,83.3');
    expect(csv).toContain('recurring.PRB-12,3');
  });
});

describe('ReportsView', () => {
  const server = setupItsmServer();

  /** Serves /kpis (recording its queries) and /services, where only the given groups own one. */
  function serve(owningGroups = ['group:default/payments-team']) {
    const queries: URLSearchParams[] = [];
    server.use(
      rest.get(`${BASE_URL}/kpis`, (req, res, ctx) => {
        queries.push(req.url.searchParams);
        return res(ctx.json(kpis));
      }),
      rest.get(`${BASE_URL}/services`, (req, res, ctx) => {
        const owner = req.url.searchParams.get('owner') ?? '';
        return res(
          ctx.json(page(owningGroups.includes(owner) ? [service] : [])),
        );
      }),
    );
    return queries;
  }

  it("defaults to the user's first group that owns a service, and the last 30 days", async () => {
    const queries = serve();
    await renderItsm(<ReportsView />, {
      ownershipEntityRefs: [
        'user:default/jane',
        'group:default/cab',
        'group:default/payments-team',
      ],
    });
    expect(
      await screen.findByRole('group', { name: 'MTTR (mean)' }),
    ).toHaveTextContent('5 h 00 min');
    expect(queries).toHaveLength(1);
    expect(queries[0].get('owner')).toBe('group:default/payments-team');
    expect(screen.getByLabelText('Owner group')).toHaveValue(
      'group:default/payments-team',
    );
    const from = DateTime.fromISO(queries[0].get('from')!);
    const to = DateTime.fromISO(queries[0].get('to')!);
    expect(Math.round(to.diff(from, 'days').days)).toBe(31);
    expect(screen.getByRole('group', { name: 'Incidents' })).toHaveTextContent(
      '12',
    );
    expect(
      screen.getByRole('group', { name: 'Resolution SLA met' }),
    ).toHaveTextContent('83.3 %');
    expect(
      screen.getByText('PRB-12 · Connection pool exhaustion'),
    ).toBeInTheDocument();
  });

  it('reloads for another window and owner', async () => {
    const queries = serve();
    await renderItsm(<ReportsView />);
    await screen.findByRole('group', { name: 'MTTR (mean)' });
    await chooseOption('Window', 'Last 7 days');
    await waitFor(() => {
      const q = queries[queries.length - 1];
      const days = DateTime.fromISO(q.get('to')!).diff(
        DateTime.fromISO(q.get('from')!),
        'days',
      ).days;
      expect(Math.round(days)).toBe(8);
    });
    const owner = screen.getByLabelText('Owner group');
    await userEvent.clear(owner);
    await userEvent.type(owner, 'group:default/people');
    await waitFor(() =>
      expect(queries[queries.length - 1].get('owner')).toBe(
        'group:default/people',
      ),
    );
  });

  it('exports the report as CSV', async () => {
    serve();
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:itsm';
    });
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicks.push(this);
      });

    await renderItsm(<ReportsView />);
    await screen.findByRole('group', { name: 'MTTR (mean)' });
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    expect(clicks).toHaveLength(1);
    expect(clicks[0].download).toMatch(
      /^itsm-kpis-group_default_payments-team-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    const text = await new Response(blobs[0]).text();
    expect(text.split('\n')).toContain('incidents.total,12');
    click.mockRestore();
  });

  it('shows errors', async () => {
    serve();
    answerError(
      server,
      'get',
      '/kpis',
      'InputError',
      'owner must be a group ref',
      400,
    );
    await renderItsm(<ReportsView />);
    expect(
      (await screen.findAllByText(/owner must be a group ref/)).length,
    ).toBeGreaterThan(0);
  });

  it("covers all services when none of the user's groups owns a service", async () => {
    const queries = serve([]);
    await renderItsm(<ReportsView />, {
      ownershipEntityRefs: ['user:default/jane', 'group:default/cab'],
    });
    expect(
      await screen.findByText('All services: no owner group chosen.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('group', { name: 'Incidents' }),
    ).toHaveTextContent('12');
    expect(queries).toHaveLength(1);
    expect(queries[0].has('owner')).toBe(false);
    expect(screen.getByLabelText('Owner group')).toHaveValue('');
  });

  it('covers all services when the user has no group', async () => {
    const queries = serve();
    await renderItsm(<ReportsView />, {
      ownershipEntityRefs: ['user:default/jane'],
    });
    expect(
      await screen.findByRole('group', { name: 'Incidents' }),
    ).toHaveTextContent('12');
    expect(queries[0].has('owner')).toBe(false);
  });
});
