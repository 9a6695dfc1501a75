/*
 * The callers of the campaign: Backstage user tokens from the demo sign-in provider
 * (packages/backend-example-modules/src/demoUsersAuth.ts), the static external access token of the service
 * principal, and no token at all.
 */
import { OTHER_SERVICE_TOKEN, SERVICE_TOKEN, sleep } from './replicas';

export type CallerName =
  | 'owner'
  | 'other'
  | 'cab'
  | 'admin'
  | 'service'
  | 'unlisted'
  | 'none';

export interface Caller {
  name: CallerName;
  /** Demo user or principal behind it. */
  who: string;
  token?: string;
}

/** Who plays which role (examples/org.yaml): bob owns shop-team's services. */
export const ROLE_USERS: Record<
  Exclude<CallerName, 'service' | 'unlisted' | 'none'>,
  string
> = {
  owner: 'bob', // shop-team
  other: 'erin', // payments-team
  cab: 'carol', // payments-team + cab
  admin: 'frank', // platform-team (itsm.permissions.adminGroups)
};

export async function signIn(baseUrl: string, user: string): Promise<string> {
  let last = '';
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      const res = await fetch(`${baseUrl}/api/auth/demo/refresh`, {
        headers: {
          'x-itsm-demo-user': user,
          'x-requested-with': 'XMLHttpRequest',
        },
      });
      if (res.ok) return (await res.json()).backstageIdentity.token;
      last = `${res.status} ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = String(e);
    }
    // The catalog ingests the demo users a few seconds after start-up.
    await sleep(2000);
  }
  throw new Error(`Sign-in of ${user} failed: ${last}`);
}

export interface Users {
  tokens: Record<string, string>;
  callers: Caller[];
  byName: Record<CallerName, Caller>;
}

/** Tokens of every demo user that the campaign uses (alice and dave vote in the CAB race). */
export async function signInAll(baseUrl: string): Promise<Users> {
  const tokens: Record<string, string> = {};
  for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'])
    tokens[u] = await signIn(baseUrl, u);
  const callers: Caller[] = [
    ...Object.entries(ROLE_USERS).map(([name, who]) => ({
      name: name as CallerName,
      who,
      token: tokens[who],
    })),
    {
      name: 'service',
      who: 'external access token with writes allowed',
      token: SERVICE_TOKEN,
    },
    {
      name: 'unlisted',
      who: 'external access token with the default allow-list',
      token: OTHER_SERVICE_TOKEN,
    },
    { name: 'none', who: 'no token' },
  ];
  const byName = Object.fromEntries(callers.map(c => [c.name, c])) as Record<
    CallerName,
    Caller
  >;
  return { tokens, callers, byName };
}

export { OTHER_SERVICE_TOKEN, SERVICE_TOKEN };
