import { createApiRef } from '@backstage/core-plugin-api';
import type { ItsmApi } from '@backstage-itsm/plugin-itsm-common';

/**
 * The ITSM API of the frontend: an `ItsmClient` from `@backstage-itsm/plugin-itsm-common`
 * on the app's discovery and fetch APIs.
 *
 * @public
 */
export const itsmApiRef = createApiRef<ItsmApi>({
  id: 'plugin.itsm.api',
});
