import { Knex } from 'knex';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  FilteredRecordType,
  ItsmRecordQuery,
  RecordCondition,
} from './ItsmStore';

/** `isOwner` per record type: which rows are owned by one of `claims`. */
function ownerClause(
  db: Knex,
  recordType: FilteredRecordType,
  claims: string[],
): (qb: Knex.QueryBuilder) => void {
  const ownedServiceIds = () =>
    db('itsm_services').whereIn('owner_ref', claims).select('id');
  switch (recordType) {
    case 'service':
      return qb => qb.whereIn('itsm_services.owner_ref', claims);
    case 'incident':
      return qb => qb.whereIn('itsm_incidents.service_id', ownedServiceIds());
    case 'problem':
      return qb => qb.whereIn('itsm_problems.service_id', ownedServiceIds());
    case 'change':
      return qb =>
        qb.whereIn(
          'itsm_changes.id',
          db('itsm_change_entities')
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
            .whereIn('itsm_services.owner_ref', claims)
            .select('itsm_change_entities.change_id'),
        );
    default:
      throw new Error(`No permission filter for ${recordType}`);
  }
}

/**
 * Translates a condition tree (allOf / anyOf / not of rule queries) into a knex where-callback
 * on the list query of `recordType`. An empty allOf is true, an empty anyOf false.
 */
export function toKnexFilter(
  db: Knex,
  recordType: FilteredRecordType,
  condition: RecordCondition,
): (qb: Knex.QueryBuilder) => void {
  if (isAndCriteria(condition)) {
    const parts = condition.allOf.map(c => toKnexFilter(db, recordType, c));
    return qb => {
      if (parts.length === 0) qb.whereRaw('1 = 1');
      for (const part of parts) qb.where(b => part(b));
    };
  }
  if (isOrCriteria(condition)) {
    const parts = condition.anyOf.map(c => toKnexFilter(db, recordType, c));
    return qb => {
      if (parts.length === 0) qb.whereRaw('1 = 0');
      for (const part of parts) qb.orWhere(b => part(b));
    };
  }
  if (isNotCriteria(condition)) {
    const inner = toKnexFilter(db, recordType, condition.not);
    return qb => qb.whereNot(b => inner(b));
  }
  const query = condition as ItsmRecordQuery;
  if (query.kind === 'const')
    return qb => qb.whereRaw(query.value ? '1 = 1' : '1 = 0');
  // Each list query is of one record type, so the rule is decided here, not per row.
  if (query.kind === 'recordType')
    return qb =>
      qb.whereRaw(query.types.includes(recordType) ? '1 = 1' : '1 = 0');
  if (query.kind === 'owner') {
    if (query.claims.length === 0) return qb => qb.whereRaw('1 = 0');
    return ownerClause(db, recordType, query.claims);
  }
  throw new Error(`Unknown ITSM record condition ${JSON.stringify(condition)}`);
}
