/*
 * The example portal's own app modules, shared by the statically linked app (packages/app) and
 * the app without static ITSM packages (packages/app-dynamic), so the two portals look and sign
 * in the same way.
 */
export { navModule } from './nav';
export { homeModule } from './home';
export { signInModule, DEMO_USERS, DEMO_USER_STORAGE_KEY } from './signIn';
