/**
 * The ITSM plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  SubPageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import HeadsetMicIcon from '@material-ui/icons/HeadsetMic';
import {
  ItsmClient,
  SERVICE_ENTITY_KINDS,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from './api';
import { rootRouteRef } from './routes';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import { isItsmSearchResult } from './components/search/ItsmSearchResultListItem';

/** Renders services, incidents, problems and changes in the portal's search results. @alpha */
export const itsmSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'itsm',
  params: {
    predicate: result => isItsmSearchResult(result),
    component: () =>
      import('./components/search/ItsmSearchResultListItem').then(
        m => m.ItsmSearchResultListItem,
      ),
  },
});

/** Entity kinds that get the ITSM tab and card (matched case-insensitively). */
const itsmEntityFilter = {
  kind: { $in: [...SERVICE_ENTITY_KINDS] },
};

/** @alpha */
export const itsmApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: itsmApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ItsmClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The `/itsm` page. It has no content of its own: the sub-pages below become its tabs, and
 * the page (title + icon) becomes the "ITSM" item of the sidebar.
 *
 * @alpha
 */
export const itsmPage = PageBlueprint.make({
  params: {
    path: '/itsm',
    title: 'ITSM',
    icon: <HeadsetMicIcon />,
    routeRef: rootRouteRef,
  },
});

function subPage(
  name: string,
  title: string,
  loader: () => Promise<JSX.Element>,
) {
  return SubPageBlueprint.make({
    name,
    params: {
      path: name,
      title,
      loader: async () => <Content>{await loader()}</Content>,
    },
  });
}

/** @alpha */
export const itsmServicesSubPage = subPage('services', 'Services', () =>
  import('./components/ItsmPage').then(m => <m.ServicesView />),
);

/** @alpha */
export const itsmIncidentsSubPage = subPage('incidents', 'Incidents', () =>
  import('./components/ItsmPage').then(m => <m.IncidentsView />),
);

/** @alpha */
export const itsmCalendarSubPage = subPage('calendar', 'Change calendar', () =>
  import('./components/ItsmPage').then(m => <m.ChangeCalendarView />),
);

/** @alpha */
export const itsmCabSubPage = subPage('cab', 'CAB queue', () =>
  import('./components/ItsmPage').then(m => <m.CabQueueView />),
);

/** @alpha */
export const itsmReportsSubPage = subPage('reports', 'Reports', () =>
  import('./components/ItsmPage').then(m => <m.ReportsView />),
);

/** @alpha */
export const itsmEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'itsm',
    title: 'ITSM',
    filter: itsmEntityFilter,
    loader: () =>
      import('./components/EntityItsmContent').then(m => (
        <m.EntityItsmContent />
      )),
  },
});

/** @alpha */
export const itsmEntityCard = EntityCardBlueprint.make({
  params: {
    filter: itsmEntityFilter,
    loader: () =>
      import('./components/EntityItsmCard').then(m => <m.EntityItsmCard />),
  },
});

/**
 * The ITSM plugin: API, the `/itsm` page with its tabs (and sidebar item), the ITSM tab
 * and overview card of components, systems and resources.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'itsm',
  title: 'ITSM',
  icon: <HeadsetMicIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
  },
  extensions: [
    itsmApi,
    itsmPage,
    itsmServicesSubPage,
    itsmIncidentsSubPage,
    itsmCalendarSubPage,
    itsmCabSubPage,
    itsmReportsSubPage,
    itsmEntityContent,
    itsmEntityCard,
    itsmSearchResultListItem,
  ],
});

export { itsmTranslationRef, itsmTranslations } from './translation';
