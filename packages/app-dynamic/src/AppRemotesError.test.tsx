import { render } from '@testing-library/react';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import App from './App';

// A file of its own: one app instance per test module (createRoot keeps state between renders).

const BACKEND = 'http://backend.test:7007';
const REMOTES = `${BACKEND}/.backstage/dynamic-features/remotes`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function renderApp() {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test' },
          auth: { providers: { guest: {} } },
          backend: { baseUrl: BACKEND },
          techdocs: { storageUrl: `${BACKEND}/api/techdocs/static/docs` },
        },
        context: 'test',
      },
    ] as any,
  };
  return render(App.createRoot());
}

describe('App (dynamic), backend without remotes list', () => {
  it('shows why the dynamic plugins are missing when the backend cannot list them', async () => {
    server.use(rest.get(REMOTES, (_req, res, ctx) => res(ctx.status(500))));
    const rendered = await renderApp();
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Sign in as Carol' },
        { timeout: 20000 },
      ),
    ).toBeInTheDocument();
    expect(await rendered.findByRole('alert')).toHaveTextContent(
      `Could not fetch the dynamic frontend plugins from ${REMOTES}: HTTP 500`,
    );
  }, 30000);
});
