import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ChangeApproval,
  HistoryEntry,
  ItsmRecordType,
  Page,
  Problem,
  RecordMeta,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import {
  approvalFromRow,
  ApprovalRow,
  ChangeRow,
  changeFromRow,
  changeToRow,
  historyFromRow,
  incidentFromRow,
  IncidentRow,
  incidentToRow,
  problemFromRow,
  ProblemRow,
  problemToRow,
  serviceFromRow,
  ServiceRow,
  serviceToRow,
  slaFromRow,
  SlaRow,
  slaToRow,
  StoredChange,
  StoredIncident,
  WriteRow,
} from './rows';
import { paginate } from './pagination';
import { toKnexFilter } from './permissionFilters';
import {
  AlertIntakeRow,
  ChangeFilter,
  IncidentFilter,
  IncidentSlaMark,
  ItsmStore,
  ListCommon,
  MetaInput,
  NewHistoryEntry,
  ProblemFilter,
  ReadOptions,
  ServiceFilter,
  TimelineEntry,
} from './ItsmStore';

/** The columns every record has, for inserts. */
function metaToRow(record: RecordMeta) {
  return {
    version: record.version,
    created_at: record.createdAt,
    created_by: record.createdBy,
    updated_at: record.updatedAt,
    updated_by: record.updatedBy,
  };
}

const migrationsDir = resolvePackagePath(
  '@backstage-itsm/plugin-itsm-backend',
  'migrations',
);

export type {
  Actor,
  AlertIntakeRow,
  ChangeFilter,
  IncidentFilter,
  ListCommon,
  MetaInput,
  NewHistoryEntry,
  ProblemFilter,
  ReadOptions,
  ServiceFilter,
  TimelineEntry,
} from './ItsmStore';

/** A table linking records to catalog entities: which column names the record, ordered or a set. */
interface EntityLinks {
  table: string;
  owner: string;
  positioned: boolean;
}
const SERVICE_ENTITIES: EntityLinks = {
  table: 'itsm_service_entities',
  owner: 'service_id',
  positioned: true,
};
const PROBLEM_ENTITIES: EntityLinks = {
  table: 'itsm_problem_entities',
  owner: 'problem_id',
  positioned: false,
};
const CHANGE_ENTITIES: EntityLinks = {
  table: 'itsm_change_entities',
  owner: 'change_id',
  positioned: true,
};

interface TimelineRow {
  incident_id: string;
  at: string;
  kind: TimelineEntry['kind'];
  from_value: string | null;
  to_value: string;
}

/** Appends each row's value to the list under its key, keeping the rows' order. */
function groupBy<R, V>(
  rows: R[],
  key: (row: R) => string,
  value: (row: R) => V,
): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(value(row));
    else groups.set(key(row), [value(row)]);
  }
  return groups;
}

/** A `whereIn` query over at most 500 ids at a time (bind-parameter limits of the databases). */
async function inChunks<R>(
  ids: string[],
  query: (chunk: string[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < ids.length; i += 500)
    rows.push(...(await query(ids.slice(i, i + 500))));
  return rows;
}

const SORT_COLUMNS = {
  services: {
    name: 'itsm_services.name',
    criticality: 'itsm_services.criticality',
    createdAt: 'itsm_services.created_at',
    updatedAt: 'itsm_services.updated_at',
  },
  incidents: {
    openedAt: 'itsm_incidents.opened_at',
    priority: 'itsm_incidents.priority',
    updatedAt: 'itsm_incidents.updated_at',
    number: 'itsm_incidents.seq',
  },
  problems: {
    createdAt: 'itsm_problems.created_at',
    updatedAt: 'itsm_problems.updated_at',
    number: 'itsm_problems.seq',
  },
  changes: {
    plannedStart:
      'coalesce(itsm_changes.planned_start, itsm_changes.created_at)',
    createdAt: 'itsm_changes.created_at',
    updatedAt: 'itsm_changes.updated_at',
    number: 'itsm_changes.seq',
  },
} as const;

/**
 * The number of `INC-<n>` searches: a number beyond the integer `seq` column matches no record,
 * so it becomes -1 instead of an out-of-range error of the database.
 */
function seqNumber(digits: string): number {
  const n = Number(digits);
  return n <= 2147483647 ? n : -1;
}

/**
 * A LIKE pattern matching `q` literally. The escape character is `!` and every LIKE below says
 * `escape '!'`: SQLite has no default escape character and a backslash literal is not portable
 * between PostgreSQL and MySQL.
 */
function likePattern(q: string) {
  return `%${q.toLocaleLowerCase('en-US').replace(/[!%_]/g, m => `!${m}`)}%`;
}

/**
 * The search of the list queries: `q` as a case-insensitive substring of one of `columns`, or
 * (numbered records) the record's number, `INC-1001` or `inc1001`. The columns come from the
 * fixed lists of this file, never from the client.
 */
function whereSearch(
  base: Knex.QueryBuilder,
  q: string,
  columns: string[],
  numbered?: { prefix: string; seqColumn: string },
) {
  const p = likePattern(q);
  const numberMatch =
    numbered && new RegExp(`^${numbered.prefix}-?(\\d+)$`, 'i').exec(q.trim());
  base.where(b => {
    for (const column of columns)
      b.orWhereRaw(`lower(${column}) like ? escape '!'`, [p]);
    if (numbered && numberMatch)
      b.orWhere(numbered.seqColumn, seqNumber(numberMatch[1]));
  });
}

/**
 * The ItsmStore on the plugin's database (knex: SQLite, PostgreSQL, MySQL): the only place
 * that knows SQL. Every method works inside or outside a transaction; `transaction()` hands
 * out a store bound to one.
 */
export class DatabaseItsmStore implements ItsmStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseItsmStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseItsmStore(client);
  }

  static async migrateDown(knex: Knex) {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  static migrationsDirectory() {
    return migrationsDir;
  }

  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Applies `options.lock` to a query reading one row (SQLite: none, see ReadOptions). */
  private locking<Q extends Knex.QueryBuilder>(
    query: Q,
    options?: ReadOptions,
  ): Q {
    const client = String(this.db.client.config.client);
    if (options?.lock && client !== 'better-sqlite3' && client !== 'sqlite3')
      query.forUpdate();
    return query;
  }

  async transaction<T>(fn: (tx: DatabaseItsmStore) => Promise<T>): Promise<T> {
    if ((this.db as Knex.Transaction).isTransaction) {
      return fn(this);
    }
    return (this.db as Knex).transaction(async trx =>
      fn(new DatabaseItsmStore(trx)),
    );
  }

  // ---------------------------------------------------------------- sequences

  /** Next human readable number (INC-1001 …); safe under concurrent writers. */
  async nextSeq(name: 'incident' | 'problem' | 'change'): Promise<number> {
    const start = 1000;
    return this.transaction(async tx => {
      // One atomic upsert creates or increments the row and locks it until commit. Not an
      // UPDATE followed by an INSERT: on PostgreSQL the failed INSERT of a racing writer aborts
      // its transaction, and on MySQL the gap locks of two UPDATEs of a missing row deadlock.
      await tx
        .db('itsm_sequences')
        .insert({ name, value: start + 1 })
        .onConflict('name')
        .merge({ value: tx.db.raw('?? + 1', ['itsm_sequences.value']) });
      const row = await tx.db('itsm_sequences').where({ name }).first();
      return Number(row.value);
    });
  }

  // ---------------------------------------------------------------- generic

  /** Inserts a record (numbered: incidents, problems, changes) with its entity links. */
  private async insertRecordRow(
    table: string,
    record: RecordMeta & { entityRefs?: string[] },
    row: WriteRow,
    options: { seq?: number; links?: EntityLinks } = {},
  ): Promise<void> {
    const seq = options.seq === undefined ? {} : { seq: options.seq };
    await this.db(table).insert({
      id: record.id,
      ...seq,
      ...row,
      ...metaToRow(record),
    });
    if (options.links)
      await this.replaceEntityLinks(
        options.links,
        record.id,
        record.entityRefs ?? [],
      );
  }

  /** Updates a record if it still has `expectedVersion` (else 409), and its entity links when patched. */
  private async updateVersioned(
    table: string,
    id: string,
    expectedVersion: number,
    row: WriteRow,
    meta: MetaInput,
    linked?: { links: EntityLinks; entityRefs?: string[] },
  ): Promise<void> {
    const updated = await this.db(table)
      .where({ id, version: expectedVersion })
      .update({
        ...row,
        version: expectedVersion + 1,
        updated_at: meta.at,
        updated_by: meta.actor,
      });
    if (updated === 0) {
      const current = await this.db(table).where({ id }).first('version');
      if (!current) throw new NotFoundError(`No record with id ${id}`);
      throw new ConflictError(
        `version: the record was changed by someone else (current version ${current.version}, yours ${expectedVersion}); reload and try again`,
      );
    }
    if (linked?.entityRefs)
      await this.replaceEntityLinks(linked.links, id, linked.entityRefs);
  }

  /** The entity refs of each owner (service or change), in their stored order. */
  private async entityRefsOf(
    links: EntityLinks,
    ownerIds: string[],
  ): Promise<Map<string, string[]>> {
    const rows: Array<Record<string, string>> = await inChunks(
      ownerIds,
      chunk =>
        this.db(links.table)
          .whereIn(links.owner, chunk)
          .orderBy('position', 'asc'),
    );
    return groupBy(
      rows,
      row => row[links.owner],
      row => row.entity_ref,
    );
  }

  /** Replaces the entity refs of an owner (positioned tables keep the order given). */
  private async replaceEntityLinks(
    links: EntityLinks,
    ownerId: string,
    entityRefs: string[],
  ) {
    await this.db(links.table)
      .where({ [links.owner]: ownerId })
      .delete();
    const refs = links.positioned ? entityRefs : [...new Set(entityRefs)];
    if (refs.length === 0) return;
    await this.db(links.table).insert(
      refs.map((entityRef, position) => ({
        [links.owner]: ownerId,
        entity_ref: entityRef,
        ...(links.positioned ? { position } : {}),
      })),
    );
  }

  // ---------------------------------------------------------------- history

  async appendHistory(entries: NewHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db('itsm_history').insert(
      entries.map(e => ({
        id: randomUUID(),
        record_type: e.recordType,
        record_id: e.recordId,
        at: e.at,
        actor: e.actor,
        action: e.action,
        changes: JSON.stringify(e.changes),
        comment: e.comment ?? null,
      })),
    );
  }

  async getHistory(
    recordType: ItsmRecordType,
    recordId: string,
  ): Promise<HistoryEntry[]> {
    const rows = await this.db('itsm_history')
      .where({ record_type: recordType, record_id: recordId })
      .orderBy('seq', 'asc');
    return rows.map(historyFromRow);
  }

  // ---------------------------------------------------------------- SLAs

  async insertSla(sla: Sla): Promise<void> {
    await this.insertRecordRow('itsm_slas', sla, slaToRow(sla));
  }

  async updateSla(
    id: string,
    expectedVersion: number,
    patch: Partial<Sla>,
    meta: MetaInput,
  ) {
    await this.updateVersioned(
      'itsm_slas',
      id,
      expectedVersion,
      slaToRow(patch),
      meta,
    );
  }

  async getSla(id: string): Promise<Sla | undefined> {
    const row = await this.db('itsm_slas').where({ id }).first();
    return row ? slaFromRow(row) : undefined;
  }

  async getSlas(ids: string[]): Promise<Sla[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('itsm_slas').whereIn('id', ids);
    return rows.map(slaFromRow);
  }

  async findSlaByName(name: string): Promise<Sla | undefined> {
    const row = await this.db('itsm_slas')
      .whereRaw('lower(name) = ?', [name.toLocaleLowerCase('en-US')])
      .first();
    return row ? slaFromRow(row) : undefined;
  }

  async listSlas(filter: ListCommon): Promise<Page<Sla>> {
    const base = this.db('itsm_slas').select('itsm_slas.*');
    if (filter.q) whereSearch(base, filter.q, ['itsm_slas.name']);
    const page = await paginate<SlaRow>(
      this.db,
      base,
      {
        limit: filter.limit,
        cursor: filter.cursor,
        sortColumn: 'itsm_slas.name',
        order: filter.order ?? 'asc',
      },
      'itsm_slas.id',
    );
    return {
      items: page.rows.map(slaFromRow),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  // ---------------------------------------------------------------- services

  private async servicesFromRows(rows: ServiceRow[]): Promise<Service[]> {
    const refs = await this.entityRefsOf(
      SERVICE_ENTITIES,
      rows.map(r => r.id),
    );
    return rows.map(r => serviceFromRow(r, refs.get(r.id) ?? []));
  }

  async insertService(service: Service): Promise<void> {
    await this.insertRecordRow(
      'itsm_services',
      service,
      serviceToRow(service),
      { links: SERVICE_ENTITIES },
    );
  }

  async updateService(
    id: string,
    expectedVersion: number,
    patch: Partial<Service>,
    meta: MetaInput,
  ) {
    await this.updateVersioned(
      'itsm_services',
      id,
      expectedVersion,
      serviceToRow(patch),
      meta,
      { links: SERVICE_ENTITIES, entityRefs: patch.entityRefs },
    );
  }

  async getService(id: string): Promise<Service | undefined> {
    const row = await this.db('itsm_services').where({ id }).first();
    return row ? (await this.servicesFromRows([row]))[0] : undefined;
  }

  async getServices(ids: string[]): Promise<Service[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('itsm_services').whereIn('id', ids);
    return this.servicesFromRows(rows);
  }

  async getServicesByEntity(entityRef: string): Promise<Service[]> {
    const rows = await this.db('itsm_services')
      .join(
        'itsm_service_entities',
        'itsm_service_entities.service_id',
        'itsm_services.id',
      )
      .where('itsm_service_entities.entity_ref', entityRef)
      .select('itsm_services.*')
      .orderBy('itsm_services.name');
    return this.servicesFromRows(rows);
  }

  async getServicesByEntities(entityRefs: string[]): Promise<Service[]> {
    if (entityRefs.length === 0) return [];
    const rows = await this.db('itsm_services').whereIn(
      'id',
      this.db('itsm_service_entities')
        .whereIn('entity_ref', entityRefs)
        .select('service_id'),
    );
    return this.servicesFromRows(rows);
  }

  async listServices(filter: ServiceFilter): Promise<Page<Service>> {
    const base = this.db('itsm_services').select('itsm_services.*');
    if (filter.q)
      whereSearch(base, filter.q, [
        'itsm_services.name',
        'itsm_services.purpose',
      ]);
    if (filter.entityRef) {
      base.whereIn(
        'itsm_services.id',
        this.db('itsm_service_entities')
          .where('entity_ref', filter.entityRef)
          .select('service_id'),
      );
    }
    if (filter.owner) base.where('itsm_services.owner_ref', filter.owner);
    if (filter.category) base.where('itsm_services.category', filter.category);
    if (filter.lifecycle)
      base.where('itsm_services.lifecycle', filter.lifecycle);
    if (filter.slaId) base.where('itsm_services.sla_id', filter.slaId);
    if (filter.ids) base.whereIn('itsm_services.id', filter.ids);
    if (filter.condition)
      base.where(toKnexFilter(this.db, 'service', filter.condition));
    const page = await paginate<ServiceRow>(
      this.db,
      base,
      {
        limit: filter.limit,
        cursor: filter.cursor,
        sortColumn: SORT_COLUMNS.services[filter.sort ?? 'name'],
        order: filter.order ?? 'asc',
      },
      'itsm_services.id',
    );
    return {
      items: await this.servicesFromRows(page.rows),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  // ---------------------------------------------------------------- incidents

  async insertIncident(incident: StoredIncident, seq: number): Promise<void> {
    await this.insertRecordRow(
      'itsm_incidents',
      incident,
      incidentToRow(incident),
      { seq },
    );
  }

  async updateIncident(
    id: string,
    expectedVersion: number,
    patch: Partial<StoredIncident>,
    meta: MetaInput,
  ) {
    await this.updateVersioned(
      'itsm_incidents',
      id,
      expectedVersion,
      incidentToRow(patch),
      meta,
    );
  }

  /**
   * Records a warning or breach mark once: the `whereNull` makes concurrent checkers (several
   * backend replicas) race on the row, and only the one whose update hits announces it.
   */
  async markIncidentSla(
    id: string,
    column: IncidentSlaMark,
    at: string,
  ): Promise<boolean> {
    const updated = await this.db('itsm_incidents')
      .where({ id })
      .whereNull(column)
      .update({ [column]: at });
    return updated > 0;
  }

  async getIncident(
    id: string,
    options?: ReadOptions,
  ): Promise<StoredIncident | undefined> {
    const row = await this.locking(
      this.db('itsm_incidents').where({ id }),
      options,
    ).first();
    return row ? incidentFromRow(row) : undefined;
  }

  async getIncidentByExternalKey(
    key: string,
    options?: ReadOptions,
  ): Promise<StoredIncident | undefined> {
    const row = await this.locking(
      this.db('itsm_incidents').where({ external_key: key }),
      options,
    ).first();
    return row ? incidentFromRow(row) : undefined;
  }

  async getIncidents(ids: string[]): Promise<StoredIncident[]> {
    if (ids.length === 0) return [];
    const rows = await this.db('itsm_incidents').whereIn('id', ids);
    return rows.map(incidentFromRow);
  }

  private incidentQuery(filter: IncidentFilter) {
    const base = this.db('itsm_incidents').select('itsm_incidents.*');
    if (filter.condition)
      base.where(toKnexFilter(this.db, 'incident', filter.condition));
    if (filter.q) {
      whereSearch(
        base,
        filter.q,
        ['itsm_incidents.title', 'itsm_incidents.description'],
        {
          prefix: 'inc',
          seqColumn: 'itsm_incidents.seq',
        },
      );
    }
    if (filter.entityRef)
      base.where('itsm_incidents.entity_ref', filter.entityRef);
    if (filter.owner) {
      base.whereIn(
        'itsm_incidents.service_id',
        this.db('itsm_services').where('owner_ref', filter.owner).select('id'),
      );
    }
    if (filter.from) base.where('itsm_incidents.opened_at', '>=', filter.from);
    if (filter.to) base.where('itsm_incidents.opened_at', '<', filter.to);
    if (filter.states?.length)
      base.whereIn('itsm_incidents.state', filter.states);
    if (filter.priorities?.length)
      base.whereIn('itsm_incidents.priority', filter.priorities);
    if (filter.serviceId)
      base.where('itsm_incidents.service_id', filter.serviceId);
    if (filter.serviceIds)
      base.whereIn('itsm_incidents.service_id', filter.serviceIds);
    if (filter.assigneeRef)
      base.where('itsm_incidents.assignee_ref', filter.assigneeRef);
    if (filter.problemId)
      base.where('itsm_incidents.problem_id', filter.problemId);
    if (filter.causedByChangeId)
      base.where('itsm_incidents.caused_by_change_id', filter.causedByChangeId);
    return base;
  }

  async listIncidents(filter: IncidentFilter): Promise<Page<StoredIncident>> {
    const page = await paginate<IncidentRow>(
      this.db,
      this.incidentQuery(filter),
      {
        limit: filter.limit,
        cursor: filter.cursor,
        sortColumn: SORT_COLUMNS.incidents[filter.sort ?? 'openedAt'],
        order: filter.order ?? (filter.sort === 'priority' ? 'asc' : 'desc'),
      },
      'itsm_incidents.id',
    );
    return {
      items: page.rows.map(incidentFromRow),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  /** Unpaginated, for KPIs and checks over a bounded window. */
  async findIncidents(filter: IncidentFilter): Promise<StoredIncident[]> {
    const rows = await this.incidentQuery(filter).orderBy(
      'itsm_incidents.opened_at',
      'asc',
    );
    return rows.map(incidentFromRow);
  }

  async incidentIdsByCause(
    changeIds: string[],
  ): Promise<Map<string, string[]>> {
    if (changeIds.length === 0) return new Map();
    const rows: Array<{ id: string; caused_by_change_id: string }> =
      await this.db('itsm_incidents')
        .whereIn('caused_by_change_id', changeIds)
        .select('id', 'caused_by_change_id');
    return groupBy(
      rows,
      row => row.caused_by_change_id,
      row => row.id,
    );
  }

  async appendTimeline(entries: TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db('itsm_incident_timeline').insert(
      entries.map(e => ({
        incident_id: e.incidentId,
        at: e.at,
        kind: e.kind,
        from_value: e.from,
        to_value: e.to,
      })),
    );
  }

  async getTimelines(
    incidentIds: string[],
  ): Promise<Map<string, TimelineEntry[]>> {
    const rows: TimelineRow[] = await inChunks(incidentIds, chunk =>
      this.db('itsm_incident_timeline')
        .whereIn('incident_id', chunk)
        .orderBy([{ column: 'at' }, { column: 'id' }]),
    );
    return groupBy(
      rows,
      row => row.incident_id,
      row => ({
        incidentId: row.incident_id,
        at: row.at,
        kind: row.kind,
        from: row.from_value ?? null,
        to: row.to_value,
      }),
    );
  }

  // ---------------------------------------------------------------- problems

  private async problemsFromRows(rows: ProblemRow[]): Promise<Problem[]> {
    const ids = rows.map(r => r.id);
    const links: Array<{ id: string; problem_id: string }> = ids.length
      ? await this.db('itsm_incidents')
          .whereIn('problem_id', ids)
          .select('id', 'problem_id')
          .orderBy('opened_at')
      : [];
    const byProblem = groupBy(
      links,
      link => link.problem_id,
      link => link.id,
    );
    return rows.map(r => problemFromRow(r, byProblem.get(r.id) ?? []));
  }

  async insertProblem(problem: Problem, seq: number): Promise<void> {
    await this.insertRecordRow(
      'itsm_problems',
      problem,
      problemToRow(problem),
      { seq, links: PROBLEM_ENTITIES },
    );
  }

  async updateProblem(
    id: string,
    expectedVersion: number,
    patch: Partial<Problem>,
    meta: MetaInput,
  ) {
    await this.updateVersioned(
      'itsm_problems',
      id,
      expectedVersion,
      problemToRow(patch),
      meta,
      { links: PROBLEM_ENTITIES, entityRefs: patch.entityRefs },
    );
  }

  /** Points the given incidents at the problem and unlinks the ones no longer listed. */
  async setProblemIncidents(
    problemId: string,
    incidentIds: string[],
    meta: MetaInput,
  ) {
    await this.db('itsm_incidents')
      .where({ problem_id: problemId })
      .whereNotIn('id', incidentIds.length ? incidentIds : [''])
      .update({ problem_id: null, updated_at: meta.at, updated_by: meta.actor })
      .increment('version', 1);
    if (incidentIds.length) {
      await this.db('itsm_incidents')
        .whereIn('id', incidentIds)
        .where(b =>
          b.whereNull('problem_id').orWhereNot('problem_id', problemId),
        )
        .update({
          problem_id: problemId,
          updated_at: meta.at,
          updated_by: meta.actor,
        })
        .increment('version', 1);
    }
  }

  async getProblem(id: string): Promise<Problem | undefined> {
    const row = await this.db('itsm_problems').where({ id }).first();
    return row ? (await this.problemsFromRows([row]))[0] : undefined;
  }

  async getProblems(ids: string[]): Promise<Problem[]> {
    if (ids.length === 0) return [];
    return this.problemsFromRows(
      await this.db('itsm_problems').whereIn('id', ids),
    );
  }

  async listProblems(filter: ProblemFilter): Promise<Page<Problem>> {
    const base = this.db('itsm_problems').select('itsm_problems.*');
    if (filter.condition)
      base.where(toKnexFilter(this.db, 'problem', filter.condition));
    if (filter.q) {
      whereSearch(
        base,
        filter.q,
        [
          'itsm_problems.title',
          'itsm_problems.description',
          'itsm_problems.root_cause',
        ],
        {
          prefix: 'prb',
          seqColumn: 'itsm_problems.seq',
        },
      );
    }
    if (filter.entityRef) {
      base.whereIn(
        'itsm_problems.id',
        this.db('itsm_problem_entities')
          .where('entity_ref', filter.entityRef)
          .select('problem_id'),
      );
    }
    if (filter.owner) {
      base.whereIn(
        'itsm_problems.service_id',
        this.db('itsm_services').where('owner_ref', filter.owner).select('id'),
      );
    }
    if (filter.from) base.where('itsm_problems.created_at', '>=', filter.from);
    if (filter.to) base.where('itsm_problems.created_at', '<', filter.to);
    if (filter.states?.length)
      base.whereIn('itsm_problems.state', filter.states);
    if (filter.ids) base.whereIn('itsm_problems.id', filter.ids);
    const page = await paginate<ProblemRow>(
      this.db,
      base,
      {
        limit: filter.limit,
        cursor: filter.cursor,
        sortColumn: SORT_COLUMNS.problems[filter.sort ?? 'createdAt'],
        order: filter.order ?? 'desc',
      },
      'itsm_problems.id',
    );
    return {
      items: await this.problemsFromRows(page.rows),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  // ---------------------------------------------------------------- changes

  private async changesFromRows(rows: ChangeRow[]): Promise<StoredChange[]> {
    const refs = await this.entityRefsOf(
      CHANGE_ENTITIES,
      rows.map(r => r.id),
    );
    return rows.map(r => changeFromRow(r, refs.get(r.id) ?? []));
  }

  async insertChange(change: StoredChange, seq: number): Promise<void> {
    await this.insertRecordRow('itsm_changes', change, changeToRow(change), {
      seq,
      links: CHANGE_ENTITIES,
    });
  }

  async updateChange(
    id: string,
    expectedVersion: number,
    patch: Partial<StoredChange>,
    meta: MetaInput,
  ) {
    await this.updateVersioned(
      'itsm_changes',
      id,
      expectedVersion,
      changeToRow(patch),
      meta,
      { links: CHANGE_ENTITIES, entityRefs: patch.entityRefs },
    );
  }

  async getChange(
    id: string,
    options?: ReadOptions,
  ): Promise<StoredChange | undefined> {
    const row = await this.locking(
      this.db('itsm_changes').where({ id }),
      options,
    ).first();
    return row ? (await this.changesFromRows([row]))[0] : undefined;
  }

  async getChanges(ids: string[]): Promise<StoredChange[]> {
    if (ids.length === 0) return [];
    return this.changesFromRows(
      await this.db('itsm_changes').whereIn('id', ids),
    );
  }

  async getChangeByDeploymentId(
    deploymentId: string,
    options?: ReadOptions,
  ): Promise<StoredChange | undefined> {
    const row = await this.locking(
      this.db('itsm_changes').where({ deployment_id: deploymentId }),
      options,
    ).first();
    return row ? (await this.changesFromRows([row]))[0] : undefined;
  }

  private changeQuery(filter: ChangeFilter) {
    const base = this.db('itsm_changes').select('itsm_changes.*');
    if (filter.condition)
      base.where(toKnexFilter(this.db, 'change', filter.condition));
    if (filter.q) {
      whereSearch(
        base,
        filter.q,
        ['itsm_changes.title', 'itsm_changes.description'],
        {
          prefix: 'chg',
          seqColumn: 'itsm_changes.seq',
        },
      );
    }
    const refs =
      filter.entityRefs ?? (filter.entityRef ? [filter.entityRef] : undefined);
    if (refs) {
      base.whereIn(
        'itsm_changes.id',
        this.db('itsm_change_entities')
          .whereIn('entity_ref', refs)
          .select('change_id'),
      );
    }
    if (filter.owner) {
      base.whereIn(
        'itsm_changes.id',
        this.db('itsm_change_entities')
          .join(
            'itsm_service_entities',
            'itsm_service_entities.entity_ref',
            'itsm_change_entities.entity_ref',
          )
          .join(
            'itsm_services',
            'itsm_services.id',
            'itsm_service_entities.service_id',
          )
          .where('itsm_services.owner_ref', filter.owner)
          .select('itsm_change_entities.change_id'),
      );
    }
    if (filter.from) base.where('itsm_changes.created_at', '>=', filter.from);
    if (filter.to) base.where('itsm_changes.created_at', '<', filter.to);
    if (filter.windowFrom)
      base.where('itsm_changes.planned_end', '>', filter.windowFrom);
    if (filter.windowTo)
      base.where('itsm_changes.planned_start', '<', filter.windowTo);
    if (filter.states?.length)
      base.whereIn('itsm_changes.state', filter.states);
    if (filter.types?.length) base.whereIn('itsm_changes.type', filter.types);
    if (filter.ids) base.whereIn('itsm_changes.id', filter.ids);
    return base;
  }

  async listChanges(filter: ChangeFilter): Promise<Page<StoredChange>> {
    const page = await paginate<ChangeRow>(
      this.db,
      this.changeQuery(filter),
      {
        limit: filter.limit,
        cursor: filter.cursor,
        sortColumn: SORT_COLUMNS.changes[filter.sort ?? 'createdAt'],
        order: filter.order ?? 'desc',
      },
      'itsm_changes.id',
    );
    return {
      items: await this.changesFromRows(page.rows),
      totalCount: page.totalCount,
      nextCursor: page.nextCursor,
    };
  }

  async findChanges(filter: ChangeFilter): Promise<StoredChange[]> {
    const rows = await this.changeQuery(filter).orderByRaw(
      'coalesce(itsm_changes.planned_start, itsm_changes.created_at) asc',
    );
    return this.changesFromRows(rows);
  }

  // ---------------------------------------------------------------- approvals

  async insertApproval(
    changeId: string,
    round: number,
    vote: ChangeApproval,
  ): Promise<void> {
    try {
      // In a savepoint (or its own transaction): on PostgreSQL a failed statement would abort
      // the caller's transaction, and the lookup below would fail instead of reporting a conflict.
      await this.db.transaction(async sp => {
        await sp('itsm_change_approvals').insert({
          id: randomUUID(),
          change_id: changeId,
          round,
          voter_ref: vote.voterRef,
          decision: vote.decision,
          comment: vote.comment,
          roles: JSON.stringify(vote.roles),
          at: vote.at,
        });
      });
    } catch (e) {
      // The unique index caught a second vote racing the first one.
      const existing = await this.db('itsm_change_approvals')
        .where({ change_id: changeId, round, voter_ref: vote.voterRef })
        .first();
      if (existing)
        throw new ConflictError(
          `${vote.voterRef} has already voted on this change`,
        );
      throw e;
    }
  }

  /** The votes of one round of a change, oldest first. */
  async listRoundApprovals(
    changeId: string,
    round: number,
  ): Promise<ChangeApproval[]> {
    const rows = await this.db('itsm_change_approvals')
      .where({ change_id: changeId, round })
      .orderBy([{ column: 'at' }, { column: 'id' }]);
    return rows.map(row => {
      const { round: _round, ...vote } = approvalFromRow(row);
      return vote;
    });
  }

  async listApprovals(
    changeIds: string[],
  ): Promise<Map<string, Array<ChangeApproval & { round: number }>>> {
    if (changeIds.length === 0) return new Map();
    const rows: Array<ApprovalRow & { change_id: string }> = await this.db(
      'itsm_change_approvals',
    )
      .whereIn('change_id', changeIds)
      .orderBy('at');
    return groupBy(rows, row => row.change_id, approvalFromRow);
  }

  // ---------------------------------------------------------------- alert intake

  /**
   * Creates the intake row of an alert key unless it exists, in its own statement (outside any
   * transaction): a transaction that inserted it and then locked it would, on MySQL, deadlock
   * with a concurrent insert of the same key holding a shared lock on the duplicate.
   */
  async ensureAlertIntake(alertKey: string, at: string): Promise<void> {
    await this.db('itsm_alert_intake')
      .insert({
        alert_key: alertKey,
        incident_id: null,
        incident_version: null,
        answers: '{}',
        updated_at: at,
      })
      .onConflict('alert_key')
      .ignore();
  }

  /** Reads and locks the intake row of an alert key (ensureAlertIntake first; in a transaction). */
  async lockAlertIntake(alertKey: string): Promise<AlertIntakeRow> {
    const row = await this.locking(
      this.db('itsm_alert_intake').where({ alert_key: alertKey }),
      { lock: true },
    ).first();
    if (!row) throw new NotFoundError(`No alert intake row for ${alertKey}`);
    return {
      alertKey,
      incidentId: row.incident_id ?? null,
      incidentVersion:
        row.incident_version === null || row.incident_version === undefined
          ? null
          : Number(row.incident_version),
      answers: row.answers ? JSON.parse(row.answers) : {},
    };
  }

  async saveAlertIntake(intake: AlertIntakeRow, at: string): Promise<void> {
    await this.db('itsm_alert_intake')
      .where({ alert_key: intake.alertKey })
      .update({
        incident_id: intake.incidentId,
        incident_version: intake.incidentVersion,
        answers: JSON.stringify(intake.answers),
        updated_at: at,
      });
  }
}
