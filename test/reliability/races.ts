/*
 * Races over HTTP, spread over both replicas: same-version writes, the whole CAB voting at
 * once, 500 duplicate alert deliveries and 500 duplicate deployment events.
 */
import type { Client } from 'pg';
import { brief, call, describe, Req, Res } from './http';
import type { Replica } from './replicas';
import type { Report } from './report';
import { SERVICE_TOKEN, Users } from './users';

const PHASE = 'races';

export interface RaceContext {
  replicas: Replica[];
  users: Users;
  db: Client;
  report: Report;
  runId: string;
}

/** Sends the requests all at once, request i to replica i mod n. */
async function burst(replicas: Replica[], reqs: Req[]): Promise<Res[]> {
  return Promise.all(
    reqs.map((r, i) => call(replicas[i % replicas.length].baseUrl, r)),
  );
}

function statusCounts(results: Res[]): string {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const k =
      r.status === 0 ? `network error (${r.networkError})` : String(r.status);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.entries(counts)
    .map(([k, v]) => `${v}× ${k}`)
    .join(', ');
}

function firstError(results: Res[], ok: (r: Res) => boolean): string {
  const bad = results.find(r => !ok(r));
  return bad ? `; first unexpected: ${bad.status} ${brief(bad)}` : '';
}

function isoIn(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** A normal change by bob (shop-team) on a shop-team entity, moved to authorize; returns it. */
export async function changeInAuthorize(
  base: string,
  users: Users,
  title: string,
  days = 3,
  entityRef = 'component:default/checkout-service',
): Promise<any> {
  const bob = users.tokens.bob;
  const created = await call(base, {
    method: 'POST',
    path: '/changes',
    token: bob,
    body: {
      title,
      type: 'normal',
      entityRefs: [entityRef],
      plannedStart: isoIn(days, 2),
      plannedEnd: isoIn(days, 3),
      implementationPlan: 'Deploy the new build.',
      rollbackPlan: 'Redeploy the previous build.',
      testPlan: 'Smoke tests.',
      riskAssessment: {
        userFacing: true,
        rollbackTested: true,
        dataMigration: false,
        peakHours: false,
      },
    },
  });
  if (created.status !== 201)
    throw new Error(
      `create change: ${created.status} ${created.text.slice(0, 300)}`,
    );
  let change = created.json;
  for (const to of ['assess', 'authorize']) {
    const moved = await call(base, {
      method: 'POST',
      path: `/changes/${change.id}/transitions`,
      token: bob,
      body: { to, version: change.version },
    });
    if (moved.status !== 200)
      throw new Error(
        `change → ${to}: ${moved.status} ${moved.text.slice(0, 300)}`,
      );
    change = moved.json;
  }
  return change;
}

async function sameVersionPatches(ctx: RaceContext) {
  const { replicas, users, report, runId } = ctx;
  const base = replicas[0].baseUrl;
  const created = await call(base, {
    method: 'POST',
    path: '/incidents',
    token: users.tokens.bob,
    body: {
      title: `race ${runId} same-version`,
      entityRef: 'component:default/checkout-service',
      impact: 3,
      urgency: 3,
    },
  });
  if (created.status !== 201) {
    report.check(
      PHASE,
      '50 same-version PATCHes',
      false,
      `setup: create incident ${created.status} ${brief(created)}`,
    );
    return;
  }
  const inc = created.json;
  const reqs: Req[] = Array.from({ length: 50 }, (_, i) => ({
    method: 'PATCH',
    path: `/incidents/${inc.id}`,
    token: users.tokens.bob,
    body: { version: inc.version, title: `race ${runId} writer ${i}` },
  }));
  const results = await burst(replicas, reqs);
  const ok = results.filter(r => r.status === 200);
  const conflicts = results.filter(r => r.status === 409);
  const after = await call(base, {
    method: 'GET',
    path: `/incidents/${inc.id}`,
    token: users.tokens.frank,
  });
  const winner = ok.length === 1 ? ok[0].json?.title : undefined;
  report.figure(PHASE, 'same-version PATCH statuses', statusCounts(results));
  report.check(
    PHASE,
    '50 concurrent same-version PATCHes: exactly one 200, the rest 409',
    ok.length === 1 && conflicts.length === 49,
    `${statusCounts(results)}${firstError(
      results,
      r => r.status === 200 || r.status === 409,
    )}`,
  );
  report.check(
    PHASE,
    'same-version PATCHes: one version bump, the winner’s title stored',
    after.json?.version === inc.version + 1 &&
      (winner === undefined || after.json?.title === winner),
    `version ${inc.version} → ${after.json?.version}; stored title '${after.json?.title}', winner '${winner}'`,
  );
}

async function cabVotes(ctx: RaceContext) {
  const { replicas, users, report, runId, db } = ctx;
  let change: any;
  try {
    change = await changeInAuthorize(
      replicas[0].baseUrl,
      users,
      `race ${runId} CAB votes`,
    );
  } catch (e) {
    report.check(PHASE, 'all CAB members vote at once', false, `setup: ${e}`);
    return;
  }
  const voters = ['alice', 'carol', 'dave'];
  report.check(
    PHASE,
    'vote race setup: a medium-risk change in authorize that needs all 3 CAB approvals',
    change.state === 'authorize' && change.risk === 'medium',
    `state ${change.state}, risk ${change.risk}`,
  );
  const reqs: Req[] = voters.map(v => ({
    method: 'POST',
    path: `/changes/${change.id}/approvals`,
    token: users.tokens[v],
    body: { decision: 'approve', comment: `approved by ${v} (${runId})` },
  }));
  const results = await burst(replicas, reqs);
  report.figure(
    PHASE,
    'CAB vote statuses (alice, carol, dave)',
    results.map(r => r.status).join(', '),
  );
  report.check(
    PHASE,
    'all 3 CAB members approve at once: every vote answered 200, no 409',
    results.every(r => r.status === 200),
    voters
      .map(
        (v, i) =>
          `${v}: ${results[i].status}${
            results[i].status === 200 ? '' : ` ${brief(results[i])}`
          }`,
      )
      .join('; '),
  );
  const { rows: votes } = await db.query(
    'SELECT voter_ref, decision FROM itsm_change_approvals WHERE change_id = $1',
    [change.id],
  );
  report.check(
    PHASE,
    'every CAB vote stored as its own row',
    votes.length === 3 &&
      voters.every(v => votes.some(r => r.voter_ref === `user:default/${v}`)),
    `${votes.length} vote rows: ${votes
      .map(r => `${r.voter_ref}=${r.decision}`)
      .join(', ')}`,
  );
  const after = await call(replicas[1 % replicas.length].baseUrl, {
    method: 'GET',
    path: `/changes/${change.id}/history`,
    token: users.tokens.frank,
  });
  const moves = (after.json?.items ?? []).filter(
    (h: any) => h?.changes?.state?.from === 'authorize',
  );
  const final = await call(replicas[0].baseUrl, {
    method: 'GET',
    path: `/changes/${change.id}`,
    token: users.tokens.frank,
  });
  report.check(
    PHASE,
    'the change moved out of authorize exactly once, to scheduled',
    moves.length === 1 &&
      moves[0].changes.state.to === 'scheduled' &&
      final.json?.state === 'scheduled',
    `${moves.length} history entries leave authorize (${moves
      .map((m: any) => m.changes.state.to)
      .join(', ')}); state now ${final.json?.state}`,
  );
}

function alertmanager(
  fingerprint: string,
  status: 'firing' | 'resolved',
  runId: string,
  serviceId: string,
) {
  return {
    version: '4',
    groupKey: `{}:{alertname="ReliabilityRace"}`,
    status,
    receiver: 'backstage-itsm',
    groupLabels: { alertname: 'ReliabilityRace' },
    commonLabels: { alertname: 'ReliabilityRace' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status,
        labels: {
          alertname: 'ReliabilityRace',
          severity: 'critical',
          entity: 'component:default/checkout-service',
          // The service label names the incident's service should the entity carry several.
          service: serviceId,
        },
        annotations: { summary: `Reliability race ${runId}` },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt:
          status === 'resolved'
            ? new Date().toISOString()
            : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint,
      },
    ],
  };
}

async function duplicateAlerts(ctx: RaceContext, n: number) {
  const { replicas, report, runId, db } = ctx;
  const fingerprint = `rel-${runId}`;
  const services = await call(replicas[0].baseUrl, {
    method: 'GET',
    path: `/services?entityRef=${encodeURIComponent(
      'component:default/checkout-service',
    )}&sort=createdAt&order=asc`,
    token: ctx.users.tokens.frank,
  });
  const serviceId = services.json?.items?.[0]?.id;
  for (const status of ['firing', 'resolved'] as const) {
    const req: Req = {
      method: 'POST',
      path: '/events/alerts',
      token: SERVICE_TOKEN,
      body: alertmanager(fingerprint, status, runId, serviceId),
    };
    const results = await burst(
      replicas,
      Array.from({ length: n }, () => req),
    );
    report.figure(
      PHASE,
      `${n} duplicate ${status} alerts: statuses`,
      statusCounts(results),
    );
    const ids = new Set(
      results
        .filter(r => r.status === 200)
        .map(r => r.json?.results?.[0]?.incidentId),
    );
    report.check(
      PHASE,
      `${n} concurrent duplicate ${status} Alertmanager deliveries: every answer 2xx`,
      results.every(r => r.status >= 200 && r.status < 300),
      `${statusCounts(results)}${firstError(
        results,
        r => r.status >= 200 && r.status < 300,
      )} (${describe(req)})`,
    );
    const { rows } = await db.query(
      'SELECT id, state FROM itsm_incidents WHERE external_key = $1',
      [`alertmanager:${fingerprint}`],
    );
    report.check(
      PHASE,
      `${n} duplicate ${status} alerts: one incident`,
      rows.length === 1 &&
        ids.size <= 1 &&
        (status === 'firing' || rows[0].state === 'resolved'),
      `${
        rows.length
      } incidents with key alertmanager:${fingerprint} (states ${rows
        .map(r => r.state)
        .join(', ')}); ${ids.size} distinct incidentIds answered`,
    );
  }
}

async function duplicateDeployments(ctx: RaceContext, n: number) {
  const { replicas, report, runId, db } = ctx;
  const deploymentId = `rel-${runId}-deploy`;
  const req: Req = {
    method: 'POST',
    path: '/events/deployments',
    token: SERVICE_TOKEN,
    body: {
      entityRef: 'component:default/checkout-service',
      deploymentId,
      version: '1.2.3',
      environment: 'production',
      status: 'succeeded',
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      finishedAt: new Date(Date.now() - 60_000).toISOString(),
    },
  };
  const results = await burst(
    replicas,
    Array.from({ length: n }, () => req),
  );
  report.figure(
    PHASE,
    `${n} duplicate deployment events: statuses`,
    statusCounts(results),
  );
  report.check(
    PHASE,
    `${n} concurrent duplicate deployment events: every answer 2xx`,
    results.every(r => r.status >= 200 && r.status < 300),
    `${statusCounts(results)}${firstError(
      results,
      r => r.status >= 200 && r.status < 300,
    )}`,
  );
  const { rows } = await db.query(
    'SELECT id FROM itsm_changes WHERE deployment_id = $1',
    [deploymentId],
  );
  const ids = new Set(results.filter(r => r.status < 300).map(r => r.json?.id));
  report.check(
    PHASE,
    `${n} duplicate deployment events: one change`,
    rows.length === 1 && ids.size === 1,
    `${rows.length} changes with deploymentId ${deploymentId}; ${ids.size} distinct ids answered`,
  );
}

export async function runRaces(
  ctx: RaceContext,
  duplicates = 500,
): Promise<void> {
  console.log('==> races');
  await sameVersionPatches(ctx);
  await cabVotes(ctx);
  await duplicateAlerts(ctx, duplicates);
  await duplicateDeployments(ctx, duplicates);
}
