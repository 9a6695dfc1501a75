import { request } from '@playwright/test';
import { BACKEND } from './ports';

/** Waits until the backend is up and the demo data is seeded (the catalog ingests first). */
export default async function globalSetup() {
  const ctx = await request.newContext();
  const deadline = Date.now() + 300_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const auth = await ctx.get(`${BACKEND}/api/auth/demo/refresh`, {
        headers: {
          'x-itsm-demo-user': 'guest',
          'X-Requested-With': 'XMLHttpRequest',
        },
      });
      if (auth.ok()) {
        const token = (await auth.json()).backstageIdentity.token;
        const res = await ctx.get(
          `${BACKEND}/api/itsm/changes?state=authorize`,
          {
            headers: { Authorization: `Bearer ${token}` },
          },
        );
        // The seeder writes the CAB queue last but one: when it is there, the demo data is.
        if (res.ok() && (await res.json()).totalCount >= 2) {
          await new Promise(r => setTimeout(r, 3000));
          await ctx.dispose();
          return;
        }
        last = `changes: ${res.status()}`;
      } else {
        last = `auth: ${auth.status()}`;
      }
    } catch (e) {
      last = String(e);
    }
    await new Promise(r => setTimeout(r, 3000));
  }
  await ctx.dispose();
  throw new Error(
    `The portal did not come up with demo data in time (${last})`,
  );
}
