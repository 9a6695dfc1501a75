/*
 * Change-management settings under `itsm.changes` in app-config, with defaults.
 *
 * Pure with respect to the given `Config` (no other I/O). Invalid values throw an Error that
 * names the full config key, e.g.
 * `itsm.changes.risk.thresholds.high (3) must be greater than itsm.changes.risk.thresholds.medium (4)`.
 *
 * Decisions:
 * - `cab` accepts a full ref (`group:default/cab`), `default/cab` or just `cab`; the kind
 *   must be group. Refs are lower-cased (as the catalog does in relations).
 * - Numbers and booleans may also be given as strings (`"3"`, `"true"`), as environment
 *   substitution produces them.
 * - Each approval-policy rule is merged key by key over its default, so overriding
 *   `approvalPolicy.normal.medium.cabApprovals` keeps the other defaults.
 * - Freeze window instants must carry a timezone (`Z` or `±hh:mm`) so they mean the same on
 *   every server; they are normalized to ISO UTC. `end` must be after `start`.
 */
import type { Config } from '@backstage/config';
import type { RiskLevel } from '@backstage-itsm/plugin-itsm-common';
import { DateTime } from 'luxon';
import {
  ApprovalPolicyConfig,
  ApprovalRule,
  DEFAULT_APPROVAL_POLICY,
} from './cabPolicy';
import type { FreezeWindow } from './conflicts';
import {
  DEFAULT_RISK_CONFIG,
  RISK_WEIGHT_KEYS,
  RiskConfig,
  RiskThresholds,
  RiskWeights,
} from './risk';

/** @public */
export interface ChangeConfig {
  /** Entity ref of the CAB group, e.g. `group:default/cab`. */
  cabGroupRef: string;
  risk: RiskConfig;
  approvalPolicy: ApprovalPolicyConfig;
  freezeWindows: FreezeWindow[];
}

/** @public */
export const DEFAULT_CAB_GROUP_REF = 'group:default/cab';

/** @public */
export const DEFAULT_CHANGE_CONFIG: ChangeConfig = {
  cabGroupRef: DEFAULT_CAB_GROUP_REF,
  risk: DEFAULT_RISK_CONFIG,
  approvalPolicy: DEFAULT_APPROVAL_POLICY,
  freezeWindows: [],
};

const ROOT = 'itsm.changes';
const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high'];
const INSTANT_WITH_ZONE =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function describe(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return undefined;
}

function readNonNegativeNumber(
  value: unknown,
  key: string,
  fallback: number,
): number {
  if (value === undefined || value === null) return fallback;
  const n = toNumber(value);
  if (n === undefined || !Number.isFinite(n) || n < 0) {
    throw new Error(
      `${key} must be a non-negative number, got ${describe(value)}`,
    );
  }
  return n;
}

function readBoolean(value: unknown, key: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${key} must be a boolean, got ${describe(value)}`);
}

function readCabGroupRef(value: unknown, key: string): string {
  if (value === undefined || value === null) return DEFAULT_CAB_GROUP_REF;
  if (typeof value !== 'string' || !value.trim()) {
    throw new Error(
      `${key} must be a group entity ref such as group:default/cab, got ${describe(
        value,
      )}`,
    );
  }
  const m = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(value.trim());
  if (!m) {
    throw new Error(
      `${key} must be a group entity ref such as group:default/cab, got ${describe(
        value,
      )}`,
    );
  }
  const [, kind = 'group', namespace = 'default', name] = m;
  if (kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new Error(
      `${key} must refer to a Group entity (group:<namespace>/<name>), got ${describe(
        value,
      )}`,
    );
  }
  return `group:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

function readRisk(changes: Config | undefined): RiskConfig {
  const weights = { ...DEFAULT_RISK_CONFIG.weights } as RiskWeights;
  for (const name of RISK_WEIGHT_KEYS) {
    const rel = `risk.weights.${name}`;
    weights[name] = readNonNegativeNumber(
      changes?.getOptional(rel),
      `${ROOT}.${rel}`,
      DEFAULT_RISK_CONFIG.weights[name],
    );
  }
  const thresholds: RiskThresholds = {
    medium: readNonNegativeNumber(
      changes?.getOptional('risk.thresholds.medium'),
      `${ROOT}.risk.thresholds.medium`,
      DEFAULT_RISK_CONFIG.thresholds.medium,
    ),
    high: readNonNegativeNumber(
      changes?.getOptional('risk.thresholds.high'),
      `${ROOT}.risk.thresholds.high`,
      DEFAULT_RISK_CONFIG.thresholds.high,
    ),
  };
  if (thresholds.high <= thresholds.medium) {
    throw new Error(
      `${ROOT}.risk.thresholds.high (${thresholds.high}) must be greater than ${ROOT}.risk.thresholds.medium (${thresholds.medium})`,
    );
  }
  return { weights, thresholds };
}

function readRule(
  changes: Config | undefined,
  rel: string,
  fallback: ApprovalRule,
): ApprovalRule {
  const key = `${ROOT}.${rel}`;
  const raw = changes?.getOptional(rel);
  if (raw === undefined || raw === null) return { ...fallback };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(
      `${key} must be an object with cabApprovals, ownerApproval and mandatoryReview`,
    );
  }
  const obj = raw as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!['cabApprovals', 'ownerApproval', 'mandatoryReview'].includes(k)) {
      throw new Error(
        `${key}.${k} is not a known setting (cabApprovals, ownerApproval, mandatoryReview)`,
      );
    }
  }
  let cabApprovals = fallback.cabApprovals;
  const rawCab = obj.cabApprovals;
  if (rawCab !== undefined && rawCab !== null) {
    if (rawCab === 'majority') cabApprovals = 'majority';
    else {
      const n = toNumber(rawCab);
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        throw new Error(
          `${key}.cabApprovals must be a non-negative integer or "majority", got ${describe(
            rawCab,
          )}`,
        );
      }
      cabApprovals = n;
    }
  }
  return {
    cabApprovals,
    ownerApproval: readBoolean(
      obj.ownerApproval,
      `${key}.ownerApproval`,
      fallback.ownerApproval,
    ),
    mandatoryReview: readBoolean(
      obj.mandatoryReview,
      `${key}.mandatoryReview`,
      fallback.mandatoryReview,
    ),
  };
}

function readApprovalPolicy(changes: Config | undefined): ApprovalPolicyConfig {
  const d = DEFAULT_APPROVAL_POLICY;
  const normal = {} as Record<RiskLevel, ApprovalRule>;
  for (const level of RISK_LEVELS) {
    normal[level] = readRule(
      changes,
      `approvalPolicy.normal.${level}`,
      d.normal[level],
    );
  }
  return {
    standard: readRule(changes, 'approvalPolicy.standard', d.standard),
    normal,
    emergency: readRule(changes, 'approvalPolicy.emergency', d.emergency),
  };
}

function readInstant(value: unknown, key: string): string {
  if (typeof value !== 'string' || !INSTANT_WITH_ZONE.test(value.trim())) {
    throw new Error(
      `${key} must be an ISO 8601 instant with a timezone, e.g. 2026-12-20T00:00:00Z, got ${describe(
        value,
      )}`,
    );
  }
  const dt = DateTime.fromISO(value.trim(), { setZone: true });
  if (!dt.isValid) {
    throw new Error(
      `${key} is not a valid instant: ${describe(value)} (${
        dt.invalidExplanation ?? dt.invalidReason
      })`,
    );
  }
  return dt.toUTC().toISO()!;
}

function readFreezeWindows(changes: Config | undefined): FreezeWindow[] {
  const raw = changes?.getOptional('freezeWindows');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new Error(
      `${ROOT}.freezeWindows must be a list of {name, start, end, entityRefs?}`,
    );
  }
  return raw.map((item, i) => {
    const key = `${ROOT}.freezeWindows[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new Error(`${key} must be an object with name, start and end`);
    }
    const obj = item as Record<string, unknown>;
    if (typeof obj.name !== 'string' || !obj.name.trim()) {
      throw new Error(`${key}.name must be a non-empty string`);
    }
    const start = readInstant(obj.start, `${key}.start`);
    const end = readInstant(obj.end, `${key}.end`);
    if (Date.parse(end) <= Date.parse(start)) {
      throw new Error(
        `${key}.end (${obj.end}) must be after ${key}.start (${obj.start})`,
      );
    }
    const freeze: FreezeWindow = { name: obj.name.trim(), start, end };
    if (obj.entityRefs !== undefined && obj.entityRefs !== null) {
      if (
        !Array.isArray(obj.entityRefs) ||
        !obj.entityRefs.every(r => typeof r === 'string' && r.trim() !== '')
      ) {
        throw new Error(
          `${key}.entityRefs must be a list of entity refs such as component:default/foo`,
        );
      }
      freeze.entityRefs = (obj.entityRefs as string[]).map(r => r.trim());
    }
    return freeze;
  });
}

/**
 * Reads `itsm.changes` (all optional) into a complete, validated configuration.
 * @public
 */
export function readChangeConfig(config: Config): ChangeConfig {
  const changes = config.getOptionalConfig(ROOT);
  return {
    cabGroupRef: readCabGroupRef(changes?.getOptional('cab'), `${ROOT}.cab`),
    risk: readRisk(changes),
    approvalPolicy: readApprovalPolicy(changes),
    freezeWindows: readFreezeWindows(changes),
  };
}
