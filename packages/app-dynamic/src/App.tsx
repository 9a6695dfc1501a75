/*
 * The portal without any static ITSM dependency: the same catalog, navigation, home page and
 * sign-in as packages/app, plus a feature loader that installs the plugins the backend serves
 * from its dynamic-plugins folder (module-federation remotes) when the app starts.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { dynamicFrontendFeaturesLoader } from '@backstage-itsm/frontend-dynamic-feature-loader';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [catalogPlugin, navModule, homeModule, signInModule, dynamicFrontendFeaturesLoader()],
});
