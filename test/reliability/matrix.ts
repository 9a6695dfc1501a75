/*
 * The permission matrix: every route of the spec × {owner, other team's member, CAB member,
 * admin, service principal, no token}, with the status the ownership model expects and the
 * database unchanged wherever the request is refused. Run once with the example policy and once
 * with the stricter one (`itsm.permissions.readOtherTeams: false`: other teams' records are 404
 * on by-id routes and absent from lists and aggregates).
 *
 * The records under test belong to shop-team (owner: bob) and are created fresh by frank (an
 * admin) for every write, so each caller meets the same state and the order does not matter.
 */
import type { Client } from 'pg';
import { brief, call, describe, Req, Res } from './http';
import type { Replica } from './replicas';
import type { Report } from './report';
import { changeInAuthorize } from './races';
import { Caller, CallerName, Users } from './users';

export type Policy = 'example' | 'strict';

/**
 * shop-team components that nothing else in the campaign writes to (the fuzzer registers
 * services with random owners on its own entities), one per policy, so that the matrix meets
 * exactly the ownership the catalog declares.
 */
const MATRIX_ENTITY: Record<Policy, string> = {
  example: 'component:default/search-service',
  strict: 'component:default/cart-service',
};
const SHOP_OWNER = 'group:default/shop-team';

/** Expected statuses per caller; a list where more than one answer is correct. */
type Expect = Record<CallerName, number | number[]>;

const READ: Expect = {
  owner: 200,
  other: 200,
  cab: 200,
  admin: 200,
  service: 200,
  unlisted: 200,
  none: 401,
};
/** Reading a shop-team service, incident or problem by id under the stricter policy. */
const READ_STRICT: Expect = { ...READ, other: 404, cab: 404 };
/** Reading a shop-team change by id under the stricter policy: the CAB reviews every team's changes. */
const READ_STRICT_CHANGE: Expect = { ...READ, other: 404 };
/**
 * Updating a team's record: its owners, the admins and the service principal whose allow-list
 * has the write; others 403. Under the stricter policy a record the caller may not read is 404
 * (perm-read answers writes on hidden records like reads), so 403 and 404 are both refusals.
 */
const OWNER_WRITE = (ok: number, policy: Policy): Expect => ({
  owner: ok,
  other: policy === 'strict' ? [403, 404] : 403,
  cab: policy === 'strict' ? [403, 404] : 403,
  admin: ok,
  service: ok,
  unlisted: 403,
  none: 401,
});
/** Opening an incident, a problem or a change is open to every signed-in user. */
const ANYONE_CREATE = (unlisted: number): Expect => ({
  owner: 201,
  other: 201,
  cab: 201,
  admin: 201,
  service: 201,
  unlisted,
  none: 401,
});
/** Registering a service on a team's entity: its owners and the service admins. */
const SERVICE_CREATE: Expect = {
  owner: 201,
  other: 403,
  cab: 403,
  admin: 201,
  service: 201,
  unlisted: 403,
  none: 401,
};
const SLA_ADMIN = (ok: number): Expect => ({
  owner: 403,
  other: 403,
  cab: 403,
  admin: ok,
  service: 403,
  unlisted: 403,
  none: 401,
});
const MACHINE_ONLY = (ok: number): Expect => ({
  owner: 403,
  other: 403,
  cab: 403,
  admin: 403,
  service: ok,
  unlisted: ok,
  none: 401,
});

interface Fixtures {
  serviceId: string;
  slaId: string;
  incidentId: string;
  problemId: string;
  changeId: string;
}

interface Route {
  op: string;
  expect: Expect;
  /** Builds the request for a caller (may create a fresh record first). */
  build: (
    caller: Caller,
  ) => Promise<{ req: Req; target?: { table: string; id: string } }>;
}

export interface MatrixContext {
  replicas: Replica[];
  users: Users;
  db: Client;
  report: Report;
  runId: string;
  policy: Policy;
}

function accepts(expect: number | number[], status: number): boolean {
  return Array.isArray(expect) ? expect.includes(status) : expect === status;
}

/** Row counts of every ITSM table plus the version and update time of the targeted record. */
async function snapshot(
  db: Client,
  target?: { table: string; id: string },
): Promise<string> {
  const { rows } = await db.query(`SELECT
      (SELECT count(*) FROM itsm_services) AS services, (SELECT count(*) FROM itsm_slas) AS slas,
      (SELECT count(*) FROM itsm_incidents) AS incidents, (SELECT count(*) FROM itsm_problems) AS problems,
      (SELECT count(*) FROM itsm_changes) AS changes, (SELECT count(*) FROM itsm_change_approvals) AS votes`);
  let record = '';
  if (target) {
    const r = await db.query(
      `SELECT version, updated_at FROM ${target.table} WHERE id = $1`,
      [target.id],
    );
    record = JSON.stringify(r.rows[0] ?? null);
  }
  return `${JSON.stringify(rows[0])} ${record}`;
}

async function must(res: Res, what: string): Promise<any> {
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}

export async function runMatrix(ctx: MatrixContext): Promise<void> {
  const { replicas, users, db, report, runId, policy } = ctx;
  const SHOP_ENTITY = MATRIX_ENTITY[policy];
  const summaryPath = `/entities/component/default/${
    SHOP_ENTITY.split('/')[1]
  }/summary`;
  const phase = `permission matrix (${policy} policy)`;
  console.log(`==> ${phase}`);
  const base = replicas[0].baseUrl;
  const admin = users.tokens.frank;
  const asAdmin = (req: Req) => call(base, { ...req, token: admin });
  let seq = 0;
  const tag = () => `matrix ${runId} ${policy} ${++seq}`;

  const newChange = async () =>
    must(
      await asAdmin({
        method: 'POST',
        path: '/changes',
        body: {
          title: tag(),
          type: 'normal',
          entityRefs: [SHOP_ENTITY],
          riskAssessment: { rollbackTested: true },
          // A planned window, so the change shows on the change calendar.
          plannedStart: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          plannedEnd: new Date(
            Date.now() + 10 * 86_400_000 + 3_600_000,
          ).toISOString(),
        },
      }),
      'fixture change',
    );
  const slas = await must(
    await asAdmin({ method: 'GET', path: '/slas?limit=5' }),
    'list SLAs',
  );
  const slaId = slas.items[0]?.id;
  if (!slaId) throw new Error('no SLA to test with (demo data missing?)');
  const newService = async () =>
    must(
      await asAdmin({
        method: 'POST',
        path: '/services',
        body: {
          name: tag(),
          entityRef: SHOP_ENTITY,
          ownerRef: SHOP_OWNER,
          slaId,
        },
      }),
      'fixture service',
    );
  // Incidents and problems belong to the owner of their service: they name it explicitly (the
  // entity carries several services once the matrix has registered some).
  const fixtureServiceId = (await newService()).id;
  const incidentBody = () => ({
    title: tag(),
    entityRef: SHOP_ENTITY,
    serviceId: fixtureServiceId,
    impact: 3,
    urgency: 3,
  });
  const problemBody = () => ({
    title: tag(),
    entityRefs: [SHOP_ENTITY],
    serviceId: fixtureServiceId,
  });
  const newIncident = async () =>
    must(
      await asAdmin({
        method: 'POST',
        path: '/incidents',
        body: incidentBody(),
      }),
      'fixture incident',
    );
  const newProblem = async () =>
    must(
      await asAdmin({ method: 'POST', path: '/problems', body: problemBody() }),
      'fixture problem',
    );
  const fx: Fixtures = {
    serviceId: fixtureServiceId,
    slaId,
    incidentId: (await newIncident()).id,
    problemId: (await newProblem()).id,
    changeId: (await newChange()).id,
  };
  const strict = policy === 'strict';
  const readOne = strict ? READ_STRICT : READ;
  const readChange = strict ? READ_STRICT_CHANGE : READ;
  const get = (op: string, path: string, expect: Expect = READ): Route => ({
    op,
    expect,
    build: async () => ({ req: { method: 'GET', path } }),
  });
  const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 30 * 86_400_000).toISOString();

  const routes: Route[] = [
    get('health', '/health', { ...READ, none: 200 }),
    get('listServices', '/services'),
    get('getService', `/services/${fx.serviceId}`, readOne),
    get('getServiceHistory', `/services/${fx.serviceId}/history`, readOne),
    get(
      'getServiceAvailability',
      `/services/${fx.serviceId}/availability`,
      readOne,
    ),
    get('listSlas', '/slas'),
    get('getSla', `/slas/${fx.slaId}`),
    get('listIncidents', '/incidents'),
    get('getIncident', `/incidents/${fx.incidentId}`, readOne),
    get('getIncidentHistory', `/incidents/${fx.incidentId}/history`, readOne),
    get('listProblems', '/problems'),
    get('getProblem', `/problems/${fx.problemId}`, readOne),
    get('getProblemHistory', `/problems/${fx.problemId}/history`, readOne),
    get('listChanges', '/changes'),
    get(
      'getChangeCalendar',
      `/changes/calendar?from=${encodeURIComponent(
        from,
      )}&to=${encodeURIComponent(to)}`,
    ),
    get('getChange', `/changes/${fx.changeId}`, readChange),
    get('getChangeHistory', `/changes/${fx.changeId}/history`, readChange),
    get('getEntitySummary', summaryPath),
    get('getKpis', `/kpis?owner=${encodeURIComponent(SHOP_OWNER)}`),
    {
      op: 'createService',
      expect: SERVICE_CREATE,
      build: async () => ({
        req: {
          method: 'POST',
          path: '/services',
          body: { name: tag(), entityRef: SHOP_ENTITY, ownerRef: SHOP_OWNER },
        },
      }),
    },
    {
      op: 'updateService',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const s = await newService();
        return {
          req: {
            method: 'PATCH',
            path: `/services/${s.id}`,
            body: { version: s.version, contact: tag() },
          },
          target: { table: 'itsm_services', id: s.id },
        };
      },
    },
    {
      op: 'createSla',
      expect: SLA_ADMIN(201),
      build: async () => ({
        req: {
          method: 'POST',
          path: '/slas',
          body: {
            name: tag(),
            availabilityTarget: 99,
            calendar: '24x7',
            targets: Object.fromEntries(
              ['P1', 'P2', 'P3', 'P4'].map(p => [
                p,
                { responseMinutes: 60, resolutionMinutes: 600 },
              ]),
            ),
          },
        },
      }),
    },
    {
      op: 'updateSla',
      expect: SLA_ADMIN(200),
      build: async () => {
        const s = await must(
          await asAdmin({ method: 'GET', path: `/slas/${fx.slaId}` }),
          'read SLA',
        );
        return {
          req: {
            method: 'PATCH',
            path: `/slas/${fx.slaId}`,
            body: { version: s.version, description: tag() },
          },
          target: { table: 'itsm_slas', id: fx.slaId },
        };
      },
    },
    {
      op: 'createIncident',
      expect: ANYONE_CREATE(201),
      build: async () => ({
        req: { method: 'POST', path: '/incidents', body: incidentBody() },
      }),
    },
    {
      op: 'updateIncident',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const i = await newIncident();
        return {
          req: {
            method: 'PATCH',
            path: `/incidents/${i.id}`,
            body: { version: i.version, title: tag() },
          },
          target: { table: 'itsm_incidents', id: i.id },
        };
      },
    },
    {
      op: 'transitionIncident',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const i = await newIncident();
        return {
          req: {
            method: 'POST',
            path: `/incidents/${i.id}/transitions`,
            body: { version: i.version, to: 'in_progress' },
          },
          target: { table: 'itsm_incidents', id: i.id },
        };
      },
    },
    {
      op: 'createProblem',
      expect: ANYONE_CREATE(403),
      build: async () => ({
        req: { method: 'POST', path: '/problems', body: problemBody() },
      }),
    },
    {
      op: 'updateProblem',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const p = await newProblem();
        return {
          req: {
            method: 'PATCH',
            path: `/problems/${p.id}`,
            body: { version: p.version, title: tag() },
          },
          target: { table: 'itsm_problems', id: p.id },
        };
      },
    },
    {
      op: 'transitionProblem',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const p = await newProblem();
        return {
          req: {
            method: 'POST',
            path: `/problems/${p.id}/transitions`,
            body: { version: p.version, to: 'assess' },
          },
          target: { table: 'itsm_problems', id: p.id },
        };
      },
    },
    {
      op: 'createChange',
      expect: ANYONE_CREATE(201),
      build: async () => ({
        req: {
          method: 'POST',
          path: '/changes',
          body: { title: tag(), type: 'normal', entityRefs: [SHOP_ENTITY] },
        },
      }),
    },
    {
      op: 'updateChange',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const c = await newChange();
        return {
          req: {
            method: 'PATCH',
            path: `/changes/${c.id}`,
            body: { version: c.version, title: tag() },
          },
          target: { table: 'itsm_changes', id: c.id },
        };
      },
    },
    {
      op: 'transitionChange',
      expect: OWNER_WRITE(200, policy),
      build: async () => {
        const c = await newChange();
        return {
          req: {
            method: 'POST',
            path: `/changes/${c.id}/transitions`,
            body: { version: c.version, to: 'assess' },
          },
          target: { table: 'itsm_changes', id: c.id },
        };
      },
    },
    {
      op: 'approveChange',
      // CAB members vote (the CAB reads every team's changes, also under the stricter policy);
      // bob requested the change (no self-approval), erin and frank are not on the CAB, service
      // principals never vote.
      expect: {
        owner: 403,
        other: strict ? [403, 404] : 403,
        cab: 200,
        admin: 403,
        service: 403,
        unlisted: 403,
        none: 401,
      },
      build: async () => {
        const c = await changeInAuthorize(base, users, tag(), 5, SHOP_ENTITY);
        return {
          req: {
            method: 'POST',
            path: `/changes/${c.id}/approvals`,
            body: { decision: 'approve', comment: 'matrix' },
          },
          target: { table: 'itsm_changes', id: c.id },
        };
      },
    },
    {
      op: 'postDeployment',
      expect: MACHINE_ONLY(201),
      build: async () => ({
        req: {
          method: 'POST',
          path: '/events/deployments',
          body: {
            entityRef: SHOP_ENTITY,
            deploymentId: tag(),
            status: 'succeeded',
            version: '1.0.0',
          },
        },
      }),
    },
    {
      op: 'postAlerts',
      expect: MACHINE_ONLY(200),
      build: async () => ({
        req: {
          method: 'POST',
          path: '/events/alerts',
          // The entity carries several services by now: the alert names its service.
          body: {
            dedupKey: tag().replace(/ /g, '-'),
            status: 'firing',
            title: 'matrix alert',
            entity: SHOP_ENTITY,
            service: fixtureServiceId,
            impact: 3,
            urgency: 3,
          },
        },
      }),
    },
  ];

  let requests = 0;
  let refusedChecked = 0;
  const failures: string[] = [];
  const dbChanged: string[] = [];
  for (const route of routes) {
    for (const caller of users.callers) {
      const { req, target } = await route.build(caller);
      const replica = replicas[requests % replicas.length];
      const before = await snapshot(db, target);
      const res = await call(replica.baseUrl, { ...req, token: caller.token });
      requests++;
      const expected = route.expect[caller.name];
      if (!accepts(expected, res.status)) {
        failures.push(
          `${route.op} as ${caller.name} (${
            caller.who
          }): expected ${expected}, got ${res.status} ${brief(res)} [${describe(
            req,
            replica.name,
          )}]`,
        );
      }
      if (res.status >= 400) {
        const after = await snapshot(db, target);
        refusedChecked++;
        if (after !== before)
          dbChanged.push(
            `${route.op} as ${caller.name}: refused with ${res.status} but the database changed: ${before} → ${after}`,
          );
      }
    }
  }
  report.figure(phase, 'routes', routes.length);
  report.figure(phase, 'requests', requests);
  report.figure(
    phase,
    'refused requests whose database state was re-read',
    refusedChecked,
  );
  report.check(
    phase,
    `every route × ${users.callers.length} callers answers the expected status`,
    failures.length === 0,
    failures.join('\n'),
  );
  report.check(
    phase,
    'the database is unchanged wherever a request was refused',
    dbChanged.length === 0,
    dbChanged.join('\n'),
  );

  // Lists and aggregates: under the stricter policy other teams' records vanish from them.
  const visibility: string[] = [];
  const probes: Array<{ op: string; path: string; id: string }> = [
    {
      op: 'listIncidents',
      path: `/incidents?entityRef=${encodeURIComponent(SHOP_ENTITY)}&limit=500`,
      id: fx.incidentId,
    },
    {
      op: 'listProblems',
      path: `/problems?entityRef=${encodeURIComponent(SHOP_ENTITY)}&limit=500`,
      id: fx.problemId,
    },
    {
      op: 'listChanges',
      path: `/changes?entityRef=${encodeURIComponent(SHOP_ENTITY)}&limit=500`,
      id: fx.changeId,
    },
    {
      op: 'listServices',
      path: `/services?entityRef=${encodeURIComponent(SHOP_ENTITY)}&limit=500`,
      id: fx.serviceId,
    },
    { op: 'getEntitySummary', path: summaryPath, id: fx.incidentId },
    {
      op: 'getChangeCalendar',
      path: `/changes/calendar?from=${encodeURIComponent(
        from,
      )}&to=${encodeURIComponent(to)}&entityRef=${encodeURIComponent(
        SHOP_ENTITY,
      )}`,
      id: fx.changeId,
    },
  ];
  for (const p of probes) {
    for (const caller of users.callers.filter(c => c.name !== 'none')) {
      const res = await call(base, {
        method: 'GET',
        path: p.path,
        token: caller.token,
      });
      const cabSeesIt = p.op === 'listChanges' || p.op === 'getChangeCalendar';
      const hidden =
        strict &&
        (caller.name === 'other' || (caller.name === 'cab' && !cabSeesIt));
      const contains = res.text.includes(p.id);
      // A summary may legitimately be 404 for a caller who sees nothing of the entity.
      const ok = hidden
        ? !contains && (res.status === 200 || res.status === 404)
        : res.status === 200 && contains;
      if (!ok) {
        visibility.push(
          `${p.op} as ${caller.name}: ${res.status}, shop-team record ${p.id} ${
            contains ? 'present' : 'absent'
          } (expected ${hidden ? 'absent' : 'present'})`,
        );
      }
    }
  }
  // KPIs count what the caller may read: the matrix's shop-team service has incidents for its
  // owners and, under the stricter policy, none for other teams. Scoped to the service, not the
  // entity: an admin may register another team's service on the same entity (the fuzzer does),
  // and that team then rightly reads the incidents of its own service there.
  const kpiPath = `/kpis?serviceId=${encodeURIComponent(fx.serviceId)}`;
  const ownerKpis = await call(base, {
    method: 'GET',
    path: kpiPath,
    token: users.byName.owner.token,
  });
  const ownerTotal = ownerKpis.json?.incidents?.total;
  for (const caller of users.callers.filter(c => c.name !== 'none')) {
    const res = await call(base, {
      method: 'GET',
      path: kpiPath,
      token: caller.token,
    });
    const hidden = strict && (caller.name === 'other' || caller.name === 'cab');
    const total = res.json?.incidents?.total;
    const ok =
      res.status === 200 &&
      typeof ownerTotal === 'number' &&
      ownerTotal > 0 &&
      total === (hidden ? 0 : ownerTotal);
    if (!ok) {
      visibility.push(
        `getKpis as ${caller.name}: ${
          res.status
        }, incidents.total ${total} (owner sees ${ownerTotal}; expected ${
          hidden ? 0 : ownerTotal
        })`,
      );
    }
  }
  report.check(
    phase,
    strict
      ? "other teams' records are absent from lists, the entity summary, the calendar and the KPIs"
      : 'every caller sees the records in lists, the summary, the calendar and the KPIs',
    visibility.length === 0,
    visibility.join('\n'),
  );
}
