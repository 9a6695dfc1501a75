/**
 * A frontend feature loader for the module-federation remotes that
 * `@backstage/backend-dynamic-feature-service` serves from `dynamicPlugins.rootDirectory`.
 *
 * @packageDocumentation
 */
export {
  dynamicFrontendFeaturesLoader,
  DYNAMIC_FEATURES_REMOTES_PATH,
} from './loader';
export type {
  DynamicFrontendFeaturesLoaderOptions,
  FrontendRemote,
  ModuleFederationHost,
} from './loader';
