import { ConfigReader } from '@backstage/config';
import {
  createFrontendModule,
  createFrontendPlugin,
  FrontendFeatureLoader,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { dynamicFrontendFeaturesLoader, ModuleFederationHost } from './loader';

const BACKEND = 'http://backend.test:7007';
const REMOTES_URL = `${BACKEND}/.backstage/dynamic-features/remotes`;
const config = new ConfigReader({ backend: { baseUrl: BACKEND } });

const remotePlugin = createFrontendPlugin({
  pluginId: 'remote-one',
  extensions: [
    PageBlueprint.make({
      params: { path: '/one', loader: async () => <div>one</div> },
    }),
  ],
});
const remoteModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [],
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Runs the loader the way createApp does (the loader function is internal to the feature). */
async function runLoader(loader: FrontendFeatureLoader) {
  return (
    loader as unknown as {
      loader(deps: { config: typeof config }): Promise<any[]>;
    }
  ).loader({
    config,
  });
}

/** A module-federation host that serves fixed modules by id and records what was asked. */
function fakeHost(modules: Record<string, unknown>) {
  const created: any[] = [];
  const requested: string[] = [];
  const createHost = (options: any): ModuleFederationHost => {
    created.push(options);
    return {
      async loadRemote<T>(id: string) {
        requested.push(id);
        if (!(id in modules)) {
          throw new Error(`no remote module ${id}`);
        }
        return modules[id] as T;
      },
    };
  };
  return { createHost, created, requested };
}

const shared = {
  react: { version: '18.3.1', lib: () => ({}), shareConfig: {} },
} as any;
const loadShared = jest.fn(async () => shared);
// msw 1 intercepts Node's http module, not the built-in fetch; cross-fetch goes through http.
const fetchViaHttp = require('cross-fetch') as typeof fetch;

describe('dynamicFrontendFeaturesLoader', () => {
  it('loads the default exports of every exposed module that are frontend features', async () => {
    server.use(
      rest.get(REMOTES_URL, (_req, res, ctx) =>
        res(
          ctx.json([
            {
              packageName: '@acme/plugin-one',
              remoteInfo: {
                name: 'acme__plugin_one',
                entry: `${BACKEND}/.backstage/dynamic-features/remotes/@acme/plugin-one/mf-manifest.json`,
              },
              exposedModules: ['.', 'alpha'],
            },
            {
              packageName: '@acme/plugin-two',
              remoteInfo: {
                name: 'acme__plugin_two',
                entry: 'http://x/two.json',
              },
              exposedModules: ['./alpha'],
            },
          ]),
        ),
      ),
    );
    const host = fakeHost({
      acme__plugin_one: { somethingElse: 1 }, // legacy main entry point: no default feature
      'acme__plugin_one/alpha': { default: remotePlugin },
      'acme__plugin_two/alpha': { default: remoteModule },
    });
    const features = await runLoader(
      dynamicFrontendFeaturesLoader({
        fetch: fetchViaHttp,
        loadShared,
        createHost: host.createHost,
      }),
    );

    expect(features).toEqual([remotePlugin, remoteModule]);
    expect(host.requested).toEqual([
      'acme__plugin_one',
      'acme__plugin_one/alpha',
      'acme__plugin_two/alpha',
    ]);
    expect(host.created).toHaveLength(1);
    expect(host.created[0].shared).toBe(shared);
    expect(host.created[0].remotes).toEqual([
      {
        name: 'acme__plugin_one',
        entry: `${BACKEND}/.backstage/dynamic-features/remotes/@acme/plugin-one/mf-manifest.json`,
      },
      { name: 'acme__plugin_two', entry: 'http://x/two.json' },
    ]);
  });

  it('loads nothing and creates no host when the backend serves no remotes', async () => {
    server.use(rest.get(REMOTES_URL, (_req, res, ctx) => res(ctx.json([]))));
    const host = fakeHost({});
    const features = await runLoader(
      dynamicFrontendFeaturesLoader({
        fetch: fetchViaHttp,
        loadShared,
        createHost: host.createHost,
      }),
    );
    expect(features).toEqual([]);
    expect(host.created).toHaveLength(0);
  });

  it('keeps the remotes that load and shows a dismissable banner naming the one that failed', async () => {
    server.use(
      rest.get(REMOTES_URL, (_req, res, ctx) =>
        res(
          ctx.json([
            {
              packageName: '@acme/broken',
              remoteInfo: { name: 'acme__broken', entry: 'http://x/b.json' },
              exposedModules: ['alpha'],
            },
            {
              packageName: '@acme/plugin-one',
              remoteInfo: {
                name: 'acme__plugin_one',
                entry: 'http://x/a.json',
              },
              exposedModules: ['alpha'],
            },
          ]),
        ),
      ),
    );
    const onError = jest.fn();
    const host = fakeHost({
      'acme__plugin_one/alpha': { default: remotePlugin },
    });
    const features = await runLoader(
      dynamicFrontendFeaturesLoader({
        fetch: fetchViaHttp,
        loadShared,
        createHost: host.createHost,
        onError,
      }),
    );

    expect(features).toHaveLength(2);
    expect(features[0]).toBe(remotePlugin);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0].message).toMatch(
      /'alpha' of the dynamic plugin @acme\/broken: no remote module acme__broken\/alpha/,
    );

    const banner = features[1];
    expect(banner.$$type).toBe('@backstage/FrontendModule');
    expect(banner.pluginId).toBe('app');
    expect((banner as any).extensions.map(String)).toEqual([
      expect.stringContaining('app-root-element:app/dynamic-features-errors'),
    ]);
  });

  it('reports an unreachable remotes list instead of failing the app', async () => {
    server.use(rest.get(REMOTES_URL, (_req, res, ctx) => res(ctx.status(503))));
    const onError = jest.fn();
    const host = fakeHost({});
    const features = await runLoader(
      dynamicFrontendFeaturesLoader({
        fetch: fetchViaHttp,
        loadShared,
        createHost: host.createHost,
        onError,
      }),
    );
    expect(host.created).toHaveLength(0);
    expect(features).toHaveLength(1);
    expect(onError.mock.calls[0][0].message).toMatch(
      /Could not fetch the dynamic frontend plugins from http:\/\/backend.test:7007\/.backstage\/dynamic-features\/remotes: HTTP 503/,
    );
  });
});

describe('DynamicFeaturesErrorBanner', () => {
  it('lists the failures and can be dismissed', async () => {
    const { DynamicFeaturesErrorBanner } = await import(
      './DynamicFeaturesErrorBanner'
    );
    render(
      <DynamicFeaturesErrorBanner
        errors={['Could not load x', 'Could not load y']}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Some dynamic plugins could not be loaded',
    );
    expect(screen.getByText('Could not load y')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
