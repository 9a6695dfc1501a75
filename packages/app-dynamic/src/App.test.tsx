import { render } from '@testing-library/react';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import App from './App';

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

describe('App (dynamic)', () => {
  it('starts without remotes: the sign-in page, no error', async () => {
    let asked = 0;
    server.use(
      rest.get(REMOTES, (_req, res, ctx) => {
        asked++;
        return res(ctx.json([]));
      }),
    );
    const rendered = await renderApp();
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Sign in as Carol' },
        { timeout: 20000 },
      ),
    ).toBeInTheDocument();
    expect(asked).toBe(1);
    expect(rendered.queryByRole('alert')).not.toBeInTheDocument();
  }, 30000);
});
