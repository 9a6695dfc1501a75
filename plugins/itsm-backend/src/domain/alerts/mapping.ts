import { InputError } from '@backstage/errors';
import { Impact, Urgency } from '@backstage-itsm/plugin-itsm-common';
import { createHash } from 'node:crypto';

/*
 * Alerts in: Prometheus Alertmanager webhooks (version "4") and a small generic JSON format,
 * normalized to one shape. Pure: no I/O, no clock.
 */

export type AlertSeverity = 'critical' | 'high' | 'warning' | 'info';

/** One alert, whatever format it came in. */
export interface NormalizedAlert {
  /** Dedup key, stored as the incident's external key: `alertmanager:<fingerprint>` or `alert:<dedupKey>`. */
  key: string;
  status: 'firing' | 'resolved';
  title: string;
  description: string | null;
  /** Full entity ref (from the entity label) or `component:default/<component label>`. */
  entityRef: string;
  /** Where the entity came from, for error messages (e.g. `alerts[0].labels.entity`). */
  entityField: string;
  /** The service the alert names (id or name, from the service label), if any. */
  service?: string;
  /** Where the service is named, for error messages (e.g. `alerts[0].labels.service`). */
  serviceField: string;
  severity: AlertSeverity;
  impact: Impact;
  urgency: Urgency;
  /** Critical alerts record an outage starting at `startsAt`. */
  outage: boolean;
  startsAt?: string;
  endsAt?: string;
}

export interface AlertLabelConfig {
  /** Label holding a full entity ref. @default "entity" */
  entityLabel: string;
  /** Label holding a component name (namespace default). @default "component" */
  componentLabel: string;
  /** Label naming the ITSM service (id or name) when the entity has several. @default "service" */
  serviceLabel?: string;
}

export const DEFAULT_ALERT_LABELS: AlertLabelConfig = {
  entityLabel: 'entity',
  componentLabel: 'component',
  serviceLabel: 'service',
};

/**
 * Severity → impact/urgency (→ priority by the ITIL matrix):
 *
 * | severity             | impact | urgency | priority | outage |
 * |----------------------|--------|---------|----------|--------|
 * | critical             | 1      | 1       | P1       | yes    |
 * | high (error, major)  | 2      | 1       | P2       | no     |
 * | warning              | 2      | 2       | P3       | no     |
 * | info, none, unknown  | 3      | 3       | P4       | no     |
 */
export const SEVERITY_MAPPING: Record<
  AlertSeverity,
  { impact: Impact; urgency: Urgency }
> = {
  critical: { impact: 1, urgency: 1 },
  high: { impact: 2, urgency: 1 },
  warning: { impact: 2, urgency: 2 },
  info: { impact: 3, urgency: 3 },
};

export function normalizeSeverity(value: unknown): AlertSeverity {
  const s = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (s === 'critical' || s === 'page' || s === 'fatal') return 'critical';
  if (s === 'high' || s === 'error' || s === 'major') return 'high';
  if (s === 'warning' || s === 'warn' || s === 'minor') return 'warning';
  return 'info';
}

/**
 * The incident's external key column holds 200 characters, and the key of an alert that fires
 * again after its incident was closed gets `#<startsAt>` (25 characters) appended: so a key
 * is at most 175 characters. A longer fingerprint or dedup key is replaced by its SHA-256
 * (still stable across retries and replicas, and distinct per alert).
 */
export const MAX_ALERT_KEY_LENGTH = 175;

export function alertKey(prefix: 'alertmanager' | 'alert', id: string): string {
  const key = `${prefix}:${id}`;
  if (key.length <= MAX_ALERT_KEY_LENGTH) return key;
  return `${prefix}:sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** Descriptions are bounded like every other free text of the API (see NullableText in openapi.yaml). */
const MAX_DESCRIPTION_LENGTH = 20000;

/** Alertmanager's "0001-01-01T00:00:00Z" means "not set". */
function instant(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`${field}: must be an ISO 8601 timestamp`);
  if (value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InputError(
      `${field}: must be an ISO 8601 timestamp, got '${value}'`,
    );
  const iso = new Date(ms).toISOString();
  // Years past 9999 (or before 1) have no fixed-width form: the timestamp columns hold 24 characters.
  if (iso.length !== 24 || iso < '0001')
    throw new InputError(`${field}: out of range (years 0001 to 9999)`);
  return iso;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

function entityFrom(
  labels: Record<string, unknown>,
  labelConfig: AlertLabelConfig,
  prefix: string,
  names = {
    entity: labelConfig.entityLabel,
    component: labelConfig.componentLabel,
  },
): { entityRef: string; entityField: string } {
  const entity = str(labels[names.entity]);
  if (entity) {
    const m =
      /^([A-Za-z0-9_-]+):(?:([A-Za-z0-9._-]+)\/)?([A-Za-z0-9._-]+)$/.exec(
        entity,
      );
    if (!m) {
      throw new InputError(
        `${prefix}${names.entity}: must be a full entity ref such as component:default/checkout, got '${entity}'`,
      );
    }
    const entityRef = `${m[1]}:${m[2] ?? 'default'}/${m[3]}`.toLocaleLowerCase(
      'en-US',
    );
    // The incident's entity_ref column holds 300 characters.
    if (entityRef.length > 300)
      throw new InputError(`${prefix}${names.entity}: at most 300 characters`);
    return { entityRef, entityField: `${prefix}${names.entity}` };
  }
  const component = str(labels[names.component]);
  if (component) {
    if (!/^[A-Za-z0-9._-]+$/.test(component)) {
      throw new InputError(
        `${prefix}${names.component}: must be a component name, got '${component}'`,
      );
    }
    if (component.length > 200)
      throw new InputError(
        `${prefix}${names.component}: at most 200 characters`,
      );
    return {
      entityRef: `component:default/${component}`.toLocaleLowerCase('en-US'),
      entityField: `${prefix}${names.component}`,
    };
  }
  throw new InputError(
    `${prefix}${names.entity}: required, the affected entity (a full entity ref in label '${names.entity}' or a component name in label '${names.component}')`,
  );
}

function severityFields(
  severity: AlertSeverity,
  impact?: unknown,
  urgency?: unknown,
) {
  const mapped = SEVERITY_MAPPING[severity];
  const level = (v: unknown, field: string) => {
    if (v === undefined || v === null) return undefined;
    if (v !== 1 && v !== 2 && v !== 3)
      throw new InputError(`${field}: must be 1, 2 or 3`);
    return v as 1 | 2 | 3;
  };
  return {
    severity,
    impact: level(impact, 'impact') ?? mapped.impact,
    urgency: level(urgency, 'urgency') ?? mapped.urgency,
    outage: severity === 'critical',
  };
}

function status(value: unknown, field: string): 'firing' | 'resolved' {
  if (value === 'firing' || value === 'resolved') return value;
  throw new InputError(`${field}: must be "firing" or "resolved"`);
}

/** A stable fingerprint of a label set when Alertmanager did not send one. */
function labelFingerprint(labels: Record<string, unknown>): string {
  const sorted = Object.keys(labels)
    .sort()
    .map(k => `${k}=${String(labels[k])}`)
    .join(',');
  return createHash('sha256').update(sorted).digest('hex').slice(0, 16);
}

/** A JSON object as it arrived: every field is checked before it is used. */
type JsonObject = Record<string, unknown>;

const asObject = (value: unknown): JsonObject =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as JsonObject)
    : {};

export function isAlertmanagerPayload(
  body: unknown,
): body is JsonObject & { alerts: unknown[] } {
  return (
    !!body &&
    typeof body === 'object' &&
    Array.isArray((body as JsonObject).alerts)
  );
}

/** Alertmanager webhook (version "4"): one NormalizedAlert per entry of `alerts`. */
export function fromAlertmanager(
  body: JsonObject & { alerts: unknown[] },
  labelConfig: AlertLabelConfig = DEFAULT_ALERT_LABELS,
): NormalizedAlert[] {
  if (body.version !== undefined && String(body.version) !== '4') {
    throw new InputError(
      `version: only Alertmanager webhook version "4" is supported, got '${body.version}'`,
    );
  }
  const commonLabels = asObject(body.commonLabels);
  const commonAnnotations = asObject(body.commonAnnotations);
  return body.alerts.map((entry, i) => {
    const prefix = `alerts[${i}]`;
    const alert = asObject(entry);
    const labels = { ...commonLabels, ...asObject(alert.labels) };
    const annotations = {
      ...commonAnnotations,
      ...asObject(alert.annotations),
    };
    const fingerprint = str(alert.fingerprint) ?? labelFingerprint(labels);
    const name = str(labels.alertname) ?? 'Alert';
    const title = (
      str(annotations.summary) ??
      str(annotations.title) ??
      name
    ).slice(0, 300);
    const descriptionParts = [
      str(annotations.description) ?? str(annotations.message),
    ];
    const generatorURL = str(alert.generatorURL);
    if (generatorURL) descriptionParts.push(`Source: ${generatorURL}`);
    const description =
      descriptionParts
        .filter(Boolean)
        .join('\n\n')
        .slice(0, MAX_DESCRIPTION_LENGTH) || null;
    return {
      key: alertKey('alertmanager', fingerprint),
      status: status(alert.status ?? body.status, `${prefix}.status`),
      title,
      description,
      ...entityFrom(labels, labelConfig, `${prefix}.labels.`),
      service: str(labels[labelConfig.serviceLabel ?? 'service']),
      serviceField: `${prefix}.labels.${labelConfig.serviceLabel ?? 'service'}`,
      ...severityFields(normalizeSeverity(labels.severity)),
      startsAt: instant(alert.startsAt, `${prefix}.startsAt`),
      endsAt: instant(alert.endsAt, `${prefix}.endsAt`),
    };
  });
}

/**
 * The generic format, one alert per request:
 * `{ dedupKey, status: "firing"|"resolved", title, description?, entity?, component?, service?,
 *    severity?: "critical"|"high"|"warning"|"info", impact?, urgency?, startsAt?, endsAt? }`.
 * `entity` (full ref) or `component` (name) is required; `service` (id or name) picks the
 * service when the entity has several; explicit impact/urgency override the
 * severity mapping.
 */
export function fromGeneric(body: JsonObject): NormalizedAlert {
  const dedupKey = str(body.dedupKey);
  if (!dedupKey)
    throw new InputError(
      'dedupKey: required, the key that identifies the alert across notifications',
    );
  if (dedupKey.length > 180)
    throw new InputError('dedupKey: at most 180 characters');
  const st = status(body.status, 'status');
  const title = str(body.title);
  if (!title && st === 'firing')
    throw new InputError('title: required for a firing alert');
  return {
    key: alertKey('alert', dedupKey),
    status: st,
    title: (title ?? dedupKey).slice(0, 300),
    description:
      str(body.description)?.slice(0, MAX_DESCRIPTION_LENGTH) ?? null,
    ...entityFrom(body, DEFAULT_ALERT_LABELS, '', {
      entity: 'entity',
      component: 'component',
    }),
    service: str(body.service),
    serviceField: 'service',
    ...severityFields(
      normalizeSeverity(body.severity),
      body.impact,
      body.urgency,
    ),
    startsAt: instant(body.startsAt, 'startsAt'),
    endsAt: instant(body.endsAt, 'endsAt'),
  };
}

/** Either format → normalized alerts (validates everything before anything is written). */
export function parseAlerts(
  body: unknown,
  labelConfig: AlertLabelConfig = DEFAULT_ALERT_LABELS,
): NormalizedAlert[] {
  if (!body || typeof body !== 'object')
    throw new InputError('body: must be a JSON object');
  return isAlertmanagerPayload(body)
    ? fromAlertmanager(body, labelConfig)
    : [fromGeneric(body as JsonObject)];
}

/**
 * What identifies one notification of an alert: its retries, and Alertmanager's repeats of it,
 * carry the same fingerprint; a new firing (another startsAt), a severity change or the
 * resolution carry another. Only what the intake acts on counts (not the title or description,
 * which only matter when the incident is opened).
 */
export function notificationFingerprint(alert: NormalizedAlert): string {
  const parts =
    alert.status === 'firing'
      ? [
          alert.key,
          alert.status,
          alert.entityRef,
          alert.startsAt ?? null,
          alert.impact,
          alert.urgency,
          alert.outage,
        ]
      : [
          alert.key,
          alert.status,
          alert.entityRef,
          alert.startsAt ?? null,
          alert.endsAt ?? null,
        ];
  // The prefix keeps it from looking like an array index when used as a JSON object key.
  return `n${createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('hex')
    .slice(0, 32)}`;
}
