import { screen } from '@testing-library/react';
import { rest } from 'msw';
import { EntityItsmCard } from './EntityItsmCard';
import { renderItsm } from '../../__testUtils__/render';
import { setupItsmServer } from '../../__testUtils__/handlers';
import {
  BASE_URL,
  componentEntity,
  emptySummary,
  errorBody,
  summary,
} from '../../__testUtils__/fixtures';

const SUMMARY_URL = `${BASE_URL}/entities/component/default/payments-api/summary`;

describe('EntityItsmCard', () => {
  const server = setupItsmServer();

  it('shows progress while loading', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(ctx.delay(5000), ctx.json(summary)),
      ),
    );
    await renderItsm(<EntityItsmCard />, { entity: componentEntity });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows health, SLA, open P1/P2 and the next change', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) => res(ctx.json(summary))),
    );
    await renderItsm(<EntityItsmCard />, { entity: componentEntity });
    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(
      screen.getByText('Response 91.7 % · Resolution 83.3 %'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('itsm-card-p1p2')).toHaveTextContent('1 / 0');
    expect(
      screen.getByText(/CHG-200 · Upgrade payment gateway SDK/),
    ).toBeInTheDocument();
  });

  it('explains when the entity is no service', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) => res(ctx.json(emptySummary))),
    );
    await renderItsm(<EntityItsmCard />, { entity: componentEntity });
    expect(
      await screen.findByText(/not registered as an IT service/),
    ).toBeInTheDocument();
  });

  it('shows errors', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(
          ctx.status(503),
          ctx.json(
            errorBody('ServiceUnavailableError', 'itsm is starting', 503),
          ),
        ),
      ),
    );
    await renderItsm(<EntityItsmCard />, { entity: componentEntity });
    expect(
      (await screen.findAllByText(/itsm is starting/)).length,
    ).toBeGreaterThan(0);
  });
});
