/*
 * Where the portal under test listens. scripts/e2e.sh picks two free ports for every run (so a
 * running `./dev start` or another suite on :3000/:7007 does not collide) and passes them in
 * ITSM_E2E_APP_PORT / ITSM_E2E_BACKEND_PORT; without them the defaults of `./dev start` apply,
 * which lets a developer point the journeys at the portal they already run.
 */
export const APP_PORT = Number(process.env.ITSM_E2E_APP_PORT ?? 3000);
export const BACKEND_PORT = Number(process.env.ITSM_E2E_BACKEND_PORT ?? 7007);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const BACKEND = `http://localhost:${BACKEND_PORT}`;

/** The config overrides (APP_CONFIG_*) that move app and backend to these ports. */
export function portConfigEnv(): Record<string, string> {
  return {
    APP_CONFIG_app_baseUrl: APP_URL,
    APP_CONFIG_backend_baseUrl: BACKEND,
    APP_CONFIG_backend_listen_port: String(BACKEND_PORT),
    APP_CONFIG_backend_cors_origin: APP_URL,
  };
}
