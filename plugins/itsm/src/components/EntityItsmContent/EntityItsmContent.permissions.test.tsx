/*
 * Permission-denied cases live in their own file: usePermission caches decisions (SWR) for
 * the lifetime of the module, so allowed and denied cases must not share one.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { rest } from 'msw';
import { EntityItsmContent } from './EntityItsmContent';
import { renderItsm } from '../../__testUtils__/render';
import { defaultHandlers, setupItsmServer } from '../../__testUtils__/handlers';
import {
  BASE_URL,
  componentEntity,
  errorBody,
  summary,
} from '../../__testUtils__/fixtures';

const SUMMARY_URL = `${BASE_URL}/entities/component/default/payments-api/summary`;

describe('EntityItsmContent without permissions', () => {
  const server = setupItsmServer();
  beforeEach(() => server.use(...defaultHandlers()));

  it('treats a 404 summary as "no service" and hides register', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) =>
        res(
          ctx.status(404),
          ctx.json(errorBody('NotFoundError', 'unknown', 404)),
        ),
      ),
    );
    await renderItsm(<EntityItsmContent />, {
      entity: componentEntity,
      allow: false,
    });
    expect(
      await screen.findByText('Not an IT service yet'),
    ).toBeInTheDocument();
    // Give the permission check time to settle, then the button must still be absent.
    await new Promise(r => setTimeout(r, 50));
    expect(
      screen.queryByRole('button', { name: 'Register service' }),
    ).not.toBeInTheDocument();
  });

  it('does not offer acknowledge or work without the update permission', async () => {
    server.use(
      rest.get(SUMMARY_URL, (_req, res, ctx) => res(ctx.json(summary))),
    );
    await renderItsm(<EntityItsmContent />, {
      entity: componentEntity,
      allow: false,
    });
    const title = await screen.findByText('Open incidents');
    const table = within(title.closest('.MuiPaper-root') as HTMLElement);
    expect(table.getByText('INC-1001')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: /Acknowledge/ }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: /Work on/ }),
    ).not.toBeInTheDocument();
  });
});
