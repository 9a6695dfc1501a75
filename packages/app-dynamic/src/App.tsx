/*
 * The portal without any static ITSM dependency: the same catalog, navigation, home page and
 * sign-in as packages/app (both from @backstage-itsm/app-modules), plus a feature loader that
 * installs the plugins the backend serves from its dynamic-plugins folder (module-federation
 * remotes) when the app starts.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { dynamicFrontendFeaturesLoader } from '@backstage-itsm/frontend-dynamic-feature-loader';
import {
  homeModule,
  navModule,
  signInModule,
} from '@backstage-itsm/app-modules';

export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    dynamicFrontendFeaturesLoader(),
  ],
});
