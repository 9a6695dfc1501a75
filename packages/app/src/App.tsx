import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import itsmPlugin from '@backstage-itsm/plugin-itsm/alpha';
import {
  homeModule,
  navModule,
  signInModule,
} from '@backstage-itsm/app-modules';

export default createApp({
  // `app.packages: all` also discovers the ITSM plugin from package.json; listing it here
  // keeps it installed when discovery is off (and in tests). Plugins are deduplicated by id.
  features: [catalogPlugin, itsmPlugin, navModule, homeModule, signInModule],
});
