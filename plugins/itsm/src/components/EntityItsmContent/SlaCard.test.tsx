import { screen } from '@testing-library/react';
import { rest } from 'msw';
import { SlaCard } from './SlaCard';
import { renderItsm } from '../../__testUtils__/render';
import { answerError, setupItsmServer } from '../../__testUtils__/handlers';
import {
  availability,
  BASE_URL,
  kpis,
  service,
  sla,
} from '../../__testUtils__/fixtures';

describe('SlaCard', () => {
  const server = setupItsmServer();

  it('shows availability vs target, error budget, fulfilment and breaches', async () => {
    let month: string | null = null;
    server.use(
      rest.get(
        `${BASE_URL}/services/svc-payments/availability`,
        (req, res, ctx) => {
          month = req.url.searchParams.get('month');
          return res(ctx.json(availability));
        },
      ),
    );
    await renderItsm(<SlaCard service={service} sla={sla} kpis={kpis} />);
    expect(await screen.findByText('99.955 %')).toBeInTheDocument();
    expect(month).toMatch(/^\d{4}-\d{2}$/);
    expect(screen.getByText('Target 99.9 %')).toBeInTheDocument();
    expect(screen.getByText('Target met')).toBeInTheDocument();
    expect(screen.getByText('24.6 of 44.6 min')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Error budget left' }),
    ).toHaveAttribute('aria-valuenow', String(Math.round((24.6 / 44.6) * 100)));
    expect(screen.getByText('91.7 %')).toBeInTheDocument();
    expect(screen.getByText('83.3 %')).toBeInTheDocument();
    // 12 measured: 91.7 % → 1 response breach, 83.3 % → 2 resolution breaches
    expect(screen.getByTestId('itsm-sla-breaches')).toHaveTextContent(
      'Response: 1 · Resolution: 2',
    );
  });

  it('flags a missed target', async () => {
    server.use(
      rest.get(`${BASE_URL}/services/:id/availability`, (_req, res, ctx) =>
        res(ctx.json({ ...availability, availability: 99.5, met: false })),
      ),
    );
    await renderItsm(<SlaCard service={service} sla={sla} kpis={null} />);
    expect(await screen.findByText('Target missed')).toBeInTheDocument();
    expect(screen.getByTestId('itsm-sla-breaches')).toHaveTextContent('n/a');
  });

  it('explains a service without SLA', async () => {
    await renderItsm(
      <SlaCard service={{ ...service, slaId: null }} kpis={kpis} />,
    );
    expect(
      screen.getByText('No SLA is assigned to this service.'),
    ).toBeInTheDocument();
  });

  it('shows availability errors', async () => {
    answerError(
      server,
      'get',
      '/services/:id/availability',
      'InputError',
      'month must be YYYY-MM',
      400,
    );
    await renderItsm(<SlaCard service={service} sla={sla} kpis={kpis} />);
    expect(
      (await screen.findAllByText(/month must be YYYY-MM/)).length,
    ).toBeGreaterThan(0);
  });
});
