import { ReactElement, ReactNode } from 'react';
import { SWRConfig } from 'swr';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { identityApiRef, alertApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import { ItsmClient } from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../api';
import { BASE_URL } from './fixtures';
import { rootRouteRef } from '../routes';

export interface RenderOptions {
  /** `false` denies every permission; default allows everything. */
  allow?: boolean | ((permissionName: string) => boolean);
  entity?: Entity;
  userEntityRef?: string;
  ownershipEntityRefs?: string[];
  routeEntries?: string[];
  alertApi?: { post: jest.Mock; alert$?: any };
  /** Entities of the fake catalog (entity pickers). */
  catalogEntities?: Entity[];
}

/** The real ItsmClient on a fixed base URL; msw answers the HTTP calls. */
export function createTestItsmClient() {
  return new ItsmClient({
    discoveryApi: { getBaseUrl: async () => BASE_URL },
    fetchApi: { fetch: (...args) => fetch(...args) },
  });
}

export function TestProviders(props: {
  options?: RenderOptions;
  children: ReactNode;
}) {
  const options = props.options ?? {};
  const allow = options.allow ?? true;
  const permissionApi = mockApis.permission({
    authorize: req => {
      const ok =
        typeof allow === 'function' ? allow(req.permission.name) : allow;
      return (ok ? 'ALLOW' : 'DENY') as any;
    },
  });
  const apis: any[] = [
    [itsmApiRef, createTestItsmClient()],
    [permissionApiRef, permissionApi],
    [
      catalogApiRef,
      catalogApiMock({ entities: options.catalogEntities ?? [] }),
    ],
    [
      identityApiRef,
      mockApis.identity({
        userEntityRef: options.userEntityRef ?? 'user:default/jane',
        ownershipEntityRefs: options.ownershipEntityRefs ?? [
          'user:default/jane',
          'group:default/payments-team',
        ],
      }),
    ],
  ];
  if (options.alertApi) {
    apis.push([alertApiRef, options.alertApi]);
  }
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{props.children}</EntityProvider>
  ) : (
    props.children
  );
  // usePermission caches answers in SWR's global cache, keyed by the permission only: without a
  // cache of its own per render, a test that denies would see an earlier test's ALLOW.
  return (
    <SWRConfig value={{ provider: () => new Map() }}>
      <TestApiProvider apis={apis}>{content}</TestApiProvider>
    </SWRConfig>
  );
}

/** renderInTestApp with the ITSM API, permissions and identity wired for msw tests. */
export function renderItsm(element: ReactElement, options: RenderOptions = {}) {
  return renderInTestApp(
    <TestProviders options={options}>{element}</TestProviders>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/itsm': rootRouteRef,
      },
    },
  );
}
