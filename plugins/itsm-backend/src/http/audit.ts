import { AuditorService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Audit, AuditedResult, WrittenRecord } from './routeContext';

function recordMeta(record: WrittenRecord): JsonObject {
  const meta: JsonObject = { id: record.id, version: record.version };
  if (record.number !== undefined) meta.number = record.number;
  if (record.state !== undefined) meta.state = record.state;
  if (record.priority !== undefined) meta.priority = record.priority;
  return meta;
}

/** What identifies the written record in an audit event: id, number, version, state, priority. */
export function auditRecordMeta(result: AuditedResult): JsonObject {
  if ('results' in result) {
    return {
      results: result.results.map(r => ({
        key: r.key,
        action: r.action,
        incidentId: r.incidentId,
        number: r.number,
      })),
    };
  }
  if ('change' in result)
    return { ...recordMeta(result.change), created: result.created };
  return recordMeta(result);
}

/**
 * Every write as an audit event (`coreServices.auditor`): `initiated` with `meta`, then
 * `succeeded` with the written record's id/number/state, or `failed` with the error, which is
 * re-thrown for the error middleware (so a 409 is audited as a failure). Without an auditor
 * the write just runs.
 */
export function createAudit(auditor: AuditorService | undefined): Audit {
  return async (req, eventId, meta, write) => {
    if (!auditor) return write();
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      const result = await write();
      await event.success({ meta: auditRecordMeta(result) });
      return result;
    } catch (error) {
      await event.fail({
        error: error instanceof Error ? error : new Error(String(error)),
      });
      throw error;
    }
  };
}
