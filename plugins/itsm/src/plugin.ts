import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  isServiceEntityKind,
  ItsmClient,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * Whether the ITSM tab and card apply to an entity: components, systems and resources.
 *
 * @public
 */
export function isItsmAvailable(entity: Entity): boolean {
  return isServiceEntityKind(entity?.kind);
}

/**
 * The ITSM frontend plugin (legacy frontend system).
 *
 * @public
 */
export const itsmPlugin = createPlugin({
  id: 'itsm',
  apis: [
    createApiFactory({
      api: itsmApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ItsmClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The ITSM portal page: services, incidents, change calendar, CAB queue and reports.
 *
 * @public
 */
export const ItsmPage = itsmPlugin.provide(
  createRoutableExtension({
    name: 'ItsmPage',
    component: () => import('./components/ItsmPage').then(m => m.ItsmPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The ITSM tab of a catalog entity.
 *
 * @public
 */
export const EntityItsmContent = itsmPlugin.provide(
  createRoutableExtension({
    name: 'EntityItsmContent',
    component: () =>
      import('./components/EntityItsmContent').then(m => m.EntityItsmContent),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The ITSM overview card of a catalog entity.
 *
 * @public
 */
export const EntityItsmCard = itsmPlugin.provide(
  createComponentExtension({
    name: 'EntityItsmCard',
    component: {
      lazy: () =>
        import('./components/EntityItsmCard').then(m => m.EntityItsmCard),
    },
  }),
);
