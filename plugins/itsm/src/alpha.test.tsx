import { screen } from '@testing-library/react';
import { rest } from 'msw';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import itsmPlugin from './alpha';
import { setupItsmServer } from './__testUtils__/handlers';
import {
  availability,
  BASE_URL,
  page,
  service,
} from './__testUtils__/fixtures';

describe('ITSM plugin in the new frontend system', () => {
  const server = setupItsmServer();

  it('mounts /itsm with the services tab, talking to the real API client', async () => {
    server.use(
      rest.get(`${BASE_URL}/services`, (_req, res, ctx) =>
        res(ctx.json(page([service]))),
      ),
      rest.get(`${BASE_URL}/incidents`, (_req, res, ctx) =>
        res(ctx.json(page([]))),
      ),
      rest.get(`${BASE_URL}/services/:id/availability`, (_req, res, ctx) =>
        res(ctx.json(availability)),
      ),
    );
    renderTestApp({
      features: [itsmPlugin],
      initialRouteEntries: ['/itsm/services'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
        ],
      ],
    });
    try {
      expect(
        await screen.findByText('Payments API', undefined, { timeout: 15000 }),
      ).toBeInTheDocument();
    } catch (e) {
      // eslint-disable-next-line no-console
      console.log('BODY', document.body.textContent);
      throw e;
    }
    expect(screen.getAllByText('Services').length).toBeGreaterThan(0);
    // The page is the sidebar's "ITSM" item
    const nav = screen
      .getAllByRole('link')
      .filter(link => link.getAttribute('href') === '/itsm');
    expect(
      nav.some(link => link.closest('nav') && link.textContent === 'ITSM'),
    ).toBe(true);
  }, 20000);
});
