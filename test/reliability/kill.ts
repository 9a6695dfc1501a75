/*
 * SIGKILL of one replica under write load: creates with client-chosen unique titles and
 * transitions go to both replicas; one replica's process group is killed mid-load and the load
 * goes on against the other. Afterwards every write that was acknowledged (2xx) must be stored
 * exactly once, and no title may be stored twice.
 */
import type { Client } from 'pg';
import { brief, call } from './http';
import { Replica, sleep, stopReplica } from './replicas';
import type { Report } from './report';
import type { Users } from './users';

const PHASE = 'SIGKILL under write load';

export interface KillOptions {
  replicas: Replica[];
  users: Users;
  db: Client;
  report: Report;
  runId: string;
  /** Load before and after the kill, in ms. */
  beforeMs: number;
  afterMs: number;
  workers: number;
}

export async function runKill(o: KillOptions): Promise<void> {
  console.log('==> SIGKILL of a replica under write load');
  const [survivor, victim] = o.replicas;
  const token = o.users.tokens.bob;
  // A shop-team entity of its own with one service (registered by an admin), so bob owns the
  // incidents and nothing the fuzzer registered makes the entity's service ambiguous.
  const entityRef = 'component:default/recommendation-engine';
  const service = await call(survivor.baseUrl, {
    method: 'POST',
    path: '/services',
    token: o.users.tokens.frank,
    body: {
      name: `kill ${o.runId}`,
      entityRef,
      ownerRef: 'group:default/shop-team',
    },
  });
  if (service.status !== 201) {
    o.report.check(
      PHASE,
      'setup: a service for the load',
      false,
      `${service.status} ${brief(service)}`,
    );
    return;
  }
  const serviceId = service.json.id;
  const acknowledged = new Map<
    string,
    { id: string; version: number; state: string }
  >();
  const transitioned = new Map<string, { version: number; state: string }>();
  const attempted = new Set<string>();
  let killed = false;
  let stop = false;
  let seq = 0;
  const outcomes: Record<string, number> = {};
  const count = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);

  const worker = async (w: number) => {
    while (!stop) {
      // Before the kill the workers alternate between the replicas, afterwards only the survivor.
      const target = killed || w % 2 === 0 ? survivor : victim;
      const title = `kill ${o.runId} ${++seq}`;
      attempted.add(title);
      const res = await call(
        target.baseUrl,
        {
          method: 'POST',
          path: '/incidents',
          token,
          body: { title, entityRef, serviceId, impact: 3, urgency: 3 },
        },
        15_000,
      );
      count(
        `create ${res.status === 0 ? 'network error' : res.status} @${
          target.name
        }${killed ? ' after the kill' : ''}`,
      );
      if (res.status !== 201) continue;
      acknowledged.set(title, {
        id: res.json.id,
        version: res.json.version,
        state: res.json.state,
      });
      if (seq % 2 === 0) {
        const t = await call(
          target.baseUrl,
          {
            method: 'POST',
            path: `/incidents/${res.json.id}/transitions`,
            token,
            body: { to: 'in_progress', version: res.json.version },
          },
          15_000,
        );
        count(
          `transition ${t.status === 0 ? 'network error' : t.status} @${
            target.name
          }`,
        );
        if (t.status === 200)
          transitioned.set(res.json.id, {
            version: t.json.version,
            state: t.json.state,
          });
      }
    }
  };
  const workers = Array.from({ length: o.workers }, (_, i) => worker(i));
  await sleep(o.beforeMs);
  const t0 = Date.now();
  process.kill(-victim.child.pid!, 'SIGKILL');
  await victim.exited;
  killed = true;
  console.log(
    `    SIGKILL sent to ${victim.name} (pid group ${
      victim.child.pid
    }), gone after ${Date.now() - t0} ms`,
  );
  await sleep(o.afterMs);
  stop = true;
  await Promise.all(workers);
  await stopReplica(victim, 'SIGKILL');

  const prefix = `kill ${o.runId} %`;
  const { rows } = await o.db.query(
    'SELECT title, count(*)::int AS n, min(id) AS id, min(state) AS state, min(version) AS version FROM itsm_incidents WHERE title LIKE $1 GROUP BY title',
    [prefix],
  );
  const stored = new Map(rows.map(r => [r.title as string, r]));
  const lost = [...acknowledged.keys()].filter(t => !stored.has(t));
  const twice = rows.filter(r => r.n > 1).map(r => `${r.title} ×${r.n}`);
  const strangers = rows.filter(r => !attempted.has(r.title)).map(r => r.title);
  const badTransitions: string[] = [];
  for (const [id, t] of transitioned) {
    const row = rows.find(r => r.id === id);
    if (!row || row.state !== t.state || row.version < t.version) {
      badTransitions.push(
        `${id}: acknowledged ${t.state} v${t.version}, stored ${
          row ? `${row.state} v${row.version}` : 'nothing'
        }`,
      );
    }
  }
  o.report.figure(
    PHASE,
    'outcomes',
    Object.entries(outcomes)
      .sort()
      .map(([k, v]) => `${v}× ${k}`)
      .join(', '),
  );
  o.report.figure(PHASE, 'acknowledged creates', acknowledged.size);
  o.report.figure(PHASE, 'acknowledged transitions', transitioned.size);
  o.report.figure(PHASE, 'records checked in the database', rows.length);
  o.report.figure(
    PHASE,
    'stored without acknowledgement (in flight at the kill)',
    rows.length - [...stored.keys()].filter(t => acknowledged.has(t)).length,
  );
  o.report.check(
    PHASE,
    'both replicas acknowledged writes before the kill, the survivor after it',
    (outcomes[`create 201 @${victim.name}`] ?? 0) > 0 &&
      (outcomes[`create 201 @${survivor.name}`] ?? 0) > 0 &&
      (outcomes[`create 201 @${survivor.name} after the kill`] ?? 0) > 0,
    JSON.stringify(outcomes),
  );
  o.report.check(
    PHASE,
    '0 acknowledged creates lost',
    lost.length === 0,
    lost.length
      ? `${lost.length} lost: ${lost.slice(0, 20).join(', ')}`
      : `${acknowledged.size} acknowledged, all stored`,
  );
  o.report.check(
    PHASE,
    '0 records stored twice',
    twice.length === 0 && strangers.length === 0,
    [...twice, ...strangers.map(s => `unexpected ${s}`)].join(', '),
  );
  o.report.check(
    PHASE,
    'every acknowledged transition stored',
    badTransitions.length === 0,
    badTransitions.slice(0, 20).join('\n') || `${transitioned.size} checked`,
  );
}
