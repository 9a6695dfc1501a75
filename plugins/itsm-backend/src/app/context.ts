import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who acts and when: every mutation records both. */
export interface ActionContext {
  /** `user:default/jane` for people, the subject (e.g. `external:ci`) for service principals. */
  actor: string;
  /** The caller's credentials, passed on to the catalog so its permissions apply. */
  credentials: BackstageCredentials;
  /** The request time (one value for the whole request; tests pin it). */
  now: string;
}

/** The actor name that goes into createdBy/updatedBy and the history. */
export function actorOf(credentials: BackstageCredentials): string {
  // The principal is typed by the credentials' generic parameter; read only the fields of the two kinds.
  const principal = credentials.principal as
    | { type?: string; userEntityRef?: string; subject?: string }
    | undefined;
  if (principal?.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal?.type === 'service' && principal.subject !== undefined)
    return principal.subject;
  return 'unknown';
}
