import {
  catalogPlan,
  catalogYaml,
  changeBatches,
  countsFor,
  fixedRows,
  FULL_SCALE,
  incidentBatches,
  OPEN_STATES,
  problemRows,
  Row,
  SEARCH_WORD,
  seededRandom,
  uuid,
} from './generate';

const NOW = Date.parse('2026-11-30T00:00:00.000Z');
const DAY = 86_400_000;

function dataset(scale: number, seed: number) {
  const counts = countsFor(scale);
  const plan = catalogPlan(counts);
  const fixed = fixedRows(plan, seed, NOW);
  const problems = problemRows(fixed.servicePlans, counts.problems, seed, NOW);
  const incidents: Row[] = [];
  const timeline: Row[] = [];
  for (const b of incidentBatches(
    fixed.servicePlans,
    problems,
    counts.incidents,
    seed,
    NOW,
    300,
  )) {
    incidents.push(...b.incidents);
    timeline.push(...b.timeline);
  }
  const changes: Row[] = [];
  for (const b of changeBatches(
    fixed.servicePlans,
    counts.changes,
    seed,
    NOW,
    300,
  ))
    changes.push(...b.changes);
  return { counts, plan, fixed, problems, incidents, timeline, changes };
}

describe('countsFor', () => {
  it('is the issue’s data set at scale 1', () => {
    expect(countsFor(1)).toEqual(FULL_SCALE);
    expect(FULL_SCALE).toMatchObject({
      components: 2000,
      services: 2000,
      incidents: 200_000,
      changes: 40_000,
      problems: 4_000,
    });
  });

  it('scales every count linearly, at least one of each', () => {
    expect(countsFor(0.02)).toEqual({
      groups: 4,
      components: 40,
      services: 40,
      incidents: 4000,
      changes: 800,
      problems: 80,
    });
    expect(countsFor(0.000001)).toEqual({
      groups: 1,
      components: 2,
      services: 2,
      incidents: 1,
      changes: 1,
      problems: 1,
    });
  });
});

describe('seededRandom and uuid', () => {
  it('repeat the same sequence for a seed and differ between seeds', () => {
    const a = seededRandom(1);
    const b = seededRandom(1);
    const c = seededRandom(2);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    expect(first.every(v => v >= 0 && v < 1)).toBe(true);
  });

  it('makes ids of the uuid shape', () => {
    const rnd = seededRandom(3);
    expect(uuid(rnd)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('the generated data set', () => {
  const d = dataset(0.02, 14);

  it('is the same for the same seed and differs for another', () => {
    const again = dataset(0.02, 14);
    expect(again.incidents).toEqual(d.incidents);
    expect(again.changes).toEqual(d.changes);
    expect(dataset(0.02, 15).incidents[0]).not.toEqual(d.incidents[0]);
  });

  it('has the counts of its scale and unique ids and numbers', () => {
    expect(d.plan.components).toHaveLength(40);
    expect(d.fixed.services).toHaveLength(40);
    expect(d.incidents).toHaveLength(4000);
    expect(d.changes).toHaveLength(800);
    expect(d.problems.problems).toHaveLength(80);
    expect(new Set(d.incidents.map(i => i.id)).size).toBe(4000);
    expect(new Set(d.incidents.map(i => i.seq)).size).toBe(4000);
  });

  it('has about 9 % open incidents and realistic priorities', () => {
    const open =
      d.incidents.filter(i => OPEN_STATES.includes(String(i.state))).length /
      d.incidents.length;
    expect(open).toBeGreaterThan(0.07);
    expect(open).toBeLessThan(0.11);
    const share = (p: string) =>
      d.incidents.filter(i => i.priority === p).length / d.incidents.length;
    expect(share('P1')).toBeLessThan(0.06);
    expect(share('P3') + share('P4')).toBeGreaterThan(0.75);
  });

  it('spreads incidents over two years before now', () => {
    const opened = d.incidents.map(i => Date.parse(String(i.opened_at)));
    expect(Math.min(...opened)).toBeGreaterThanOrEqual(NOW - 730 * DAY);
    expect(Math.min(...opened)).toBeLessThan(NOW - 700 * DAY);
    expect(Math.max(...opened)).toBeLessThan(NOW);
  });

  it('writes ~5 timeline rows per incident, starting with state new and the priority', () => {
    expect(d.timeline.length / d.incidents.length).toBeGreaterThan(4);
    expect(d.timeline.length / d.incidents.length).toBeLessThan(6);
    const first = d.timeline.filter(t => t.incident_id === d.incidents[0].id);
    expect(first.slice(0, 2).map(t => [t.kind, t.to_value])).toEqual([
      ['state', 'new'],
      ['priority', d.incidents[0].priority],
    ]);
    const states = first.filter(t => t.kind === 'state');
    expect(states[states.length - 1].to_value).toBe(d.incidents[0].state);
  });

  it('marks breaches only on stopped incidents, and some of them', () => {
    const breached = d.incidents.filter(
      i => i.resolution_breached_at || i.response_breached_at,
    );
    expect(breached.length).toBeGreaterThan(d.incidents.length * 0.05);
    expect(breached.every(i => !OPEN_STATES.includes(String(i.state)))).toBe(
      true,
    );
  });

  it('puts the search word into a few percent of the titles', () => {
    const hits =
      d.incidents.filter(i => String(i.title).includes(SEARCH_WORD)).length /
      d.incidents.length;
    expect(hits).toBeGreaterThan(0.01);
    expect(hits).toBeLessThan(0.15);
  });

  it('plans changes up to a month ahead, the future ones not closed', () => {
    const future = d.changes.filter(
      c => Date.parse(String(c.planned_end)) > NOW,
    );
    expect(future.length).toBeGreaterThan(0);
    expect(future.every(c => c.state !== 'closed')).toBe(true);
    expect(
      Math.max(...d.changes.map(c => Date.parse(String(c.planned_start)))),
    ).toBeLessThan(NOW + 31 * DAY);
  });

  it('describes every group and component in the catalog file', () => {
    const yaml = catalogYaml(d.plan);
    expect(yaml.match(/^kind: Component$/gm)).toHaveLength(40);
    expect(yaml.match(/^kind: Group$/gm)).toHaveLength(4);
    expect(yaml).toContain('owner: group:default/bench-team-0001');
  });
});
