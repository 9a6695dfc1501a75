/*
 * The example portal's own backend modules, shared by the statically linked backend
 * (packages/backend), the backend without static ITSM packages (packages/backend-dynamic) and the
 * ITSM backend's permission tests: the example ITSM permission policy and the demo-user sign-in.
 */
export {
  default as itsmExamplePolicyModule,
  ItsmExamplePolicy,
  type ItsmExamplePolicyOptions,
} from './permissionPolicy';
export {
  default as demoUsersAuthModule,
  DEMO_USER_HEADER,
  demoUsersAuthenticator,
} from './demoUsersAuth';
