import {
  AppRootElementBlueprint,
  createFrontendFeatureLoader,
  createFrontendModule,
  FrontendFeature,
  FrontendFeatureLoader,
} from '@backstage/frontend-plugin-api';
import { loadModuleFederationHostShared } from '@backstage/module-federation-common';
import { createInstance } from '@module-federation/runtime';
import { DynamicFeaturesErrorBanner } from './DynamicFeaturesErrorBanner';

/**
 * Where `@backstage/backend-dynamic-feature-service` 0.8 lists the remotes: its router is mounted
 * on the root HTTP router under the OpenAPI title `.backstage/dynamic-features`, so the path is
 * not under `/api` and needs no Backstage token.
 */
export const DYNAMIC_FEATURES_REMOTES_PATH =
  '/.backstage/dynamic-features/remotes';

/** One entry of the remotes list (the backend's `FrontendRemote`). */
export type FrontendRemote = {
  packageName: string;
  remoteInfo: { name: string; entry: string };
  exposedModules: string[];
};

/** The part of a module-federation instance the loader uses (replaceable in tests). */
export type ModuleFederationHost = {
  loadRemote<T>(id: string): Promise<T | null>;
};

/** @public */
export type DynamicFrontendFeaturesLoaderOptions = {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to `@backstage/module-federation-common`'s loadModuleFederationHostShared. */
  loadShared?: typeof loadModuleFederationHostShared;
  /** Defaults to `@module-federation/runtime`'s createInstance. */
  createHost?: (
    options: Parameters<typeof createInstance>[0],
  ) => ModuleFederationHost;
  /** Called for each failure besides showing it in the portal (defaults to console.error). */
  onError?: (error: Error) => void;
};

function isFrontendFeature(value: unknown): value is FrontendFeature {
  if (value === null || typeof value !== 'object' || !('$$type' in value)) {
    return false;
  }
  const type = (value as { $$type: unknown }).$$type;
  return (
    type === '@backstage/FrontendPlugin' || type === '@backstage/FrontendModule'
  );
}

/** `.` is the package's main entry point; the manifest names the others without `./`. */
function remoteModuleId(remoteName: string, exposedModule: string): string {
  if (exposedModule === '.' || exposedModule === './') {
    return remoteName;
  }
  return `${remoteName}/${exposedModule.replace(/^\.\//, '')}`;
}

function errorOf(message: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${message}: ${detail}`);
}

/**
 * Fetches the list of remotes from the backend, initialises one module-federation host with the
 * shared modules the app build publishes on `window`, loads every exposed module of every remote
 * and keeps the default exports that are frontend plugins or modules. A failure does not stop the
 * app: the other remotes still load and the portal shows a banner naming what failed.
 *
 * @public
 */
export function dynamicFrontendFeaturesLoader(
  options: DynamicFrontendFeaturesLoaderOptions = {},
): FrontendFeatureLoader {
  return createFrontendFeatureLoader({
    async loader({ config }) {
      const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
      const loadShared = options.loadShared ?? loadModuleFederationHostShared;
      const createHost = options.createHost ?? createInstance;
      const report = options.onError ?? ((e: Error) => console.error(e)); // eslint-disable-line no-console
      const errors: string[] = [];
      const fail = (error: Error) => {
        errors.push(error.message);
        report(error);
      };
      const features: FrontendFeature[] = [];

      const url = `${config.getString(
        'backend.baseUrl',
      )}${DYNAMIC_FEATURES_REMOTES_PATH}`;
      let remotes: FrontendRemote[] = [];
      try {
        const response = await doFetch(url);
        if (!response.ok) {
          throw new Error(`HTTP ${response.status} ${response.statusText}`);
        }
        const body = await response.json();
        if (!Array.isArray(body)) {
          throw new Error('the response is not a list');
        }
        remotes = body;
      } catch (e) {
        fail(
          errorOf(
            `Could not fetch the dynamic frontend plugins from ${url}`,
            e,
          ),
        );
      }

      if (remotes.length > 0) {
        const shared = await loadShared({
          onError: e =>
            fail(
              errorOf(
                'Could not share a module with the dynamic frontend plugins',
                e,
              ),
            ),
        });
        const host = createHost({
          name: 'backstage_app_host',
          remotes: remotes.map(r => ({
            name: r.remoteInfo.name,
            entry: r.remoteInfo.entry,
          })),
          shared,
        });
        for (const remote of remotes) {
          for (const exposed of remote.exposedModules) {
            const id = remoteModuleId(remote.remoteInfo.name, exposed);
            try {
              const mod = await host.loadRemote<{ default?: unknown }>(id);
              if (mod && isFrontendFeature(mod.default)) {
                features.push(mod.default);
              }
            } catch (e) {
              fail(
                errorOf(
                  `Could not load '${exposed}' of the dynamic plugin ${remote.packageName}`,
                  e,
                ),
              );
            }
          }
        }
      }

      if (errors.length > 0) {
        features.push(
          createFrontendModule({
            pluginId: 'app',
            extensions: [
              AppRootElementBlueprint.make({
                name: 'dynamic-features-errors',
                params: {
                  element: <DynamicFeaturesErrorBanner errors={errors} />,
                },
              }),
            ],
          }),
        );
      }
      return features;
    },
  });
}
