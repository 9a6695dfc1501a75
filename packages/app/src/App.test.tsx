import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('shows the demo-user sign-in page without a session', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            auth: { providers: { guest: {} } },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    // Without a session the app shows its sign-in page: the demo-user picker.
    // The page is lazy-loaded: give a cold transform cache time.
    expect(
      await rendered.findByRole(
        'button',
        { name: 'Sign in as Carol' },
        { timeout: 20000 },
      ),
    ).toBeInTheDocument();
  }, 30000);
});
