import { createRouteRef } from '@backstage/core-plugin-api';

/** The top-level ITSM page (`/itsm`). @public */
export const rootRouteRef = createRouteRef({
  id: 'itsm',
});

/** The ITSM tab of a catalog entity. @public */
export const entityContentRouteRef = createRouteRef({
  id: 'itsm:entity-content',
});
