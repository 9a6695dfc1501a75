import type { Config } from '@backstage/config';
import {
  AlertLabelConfig,
  DEFAULT_ALERT_LABELS,
} from './domain/alerts/mapping';
import { ChangeConfig, readChangeConfig } from './domain/changes';
import { ServicePrincipalPolicy } from './permissions/servicePrincipals';

/**
 * Everything the plugin reads from `itsm.*` in app-config (see config.d.ts), read once at
 * start-up by `readItsmConfig`. Each part of the plugin is handed only its own section, so no
 * other file reads the configuration.
 */
export interface ItsmConfig {
  /** `itsm.changes`: CAB, risk weights, approval policy, freeze windows (validated). */
  changes: ChangeConfig;
  /** `itsm.alerts`: the Alertmanager labels naming the entity and the service of an alert. */
  alerts: AlertLabelConfig;
  /** `itsm.servicePrincipals.allow`: what callers without a user may do. */
  servicePrincipals: ServicePrincipalPolicy;
  /** `itsm.slaCheck`: the scheduled SLA breach check. */
  slaCheck: { frequencySeconds: number };
  /** `itsm.catalogSync`: services kept in step with catalog annotations. */
  catalogSync: { enabled: boolean; frequencyMinutes: number };
  /** `itsm.search`: the search collators (a module of the search plugin). */
  search: { frequencyMinutes: number; pageSize: number };
  /** `itsm.demoData`: seeds demo records on an empty database. */
  demoData: { enabled: boolean };
}

/** The defaults of the scalar settings (config.d.ts documents the same values). */
export const ITSM_CONFIG_DEFAULTS = {
  slaCheckFrequencySeconds: 60,
  catalogSyncFrequencyMinutes: 5,
  searchFrequencyMinutes: 10,
  searchPageSize: 200,
} as const;

/**
 * Reads and validates `itsm.*`. The nested sections are parsed next to the rules they
 * configure (`readChangeConfig` in domain/changes, `ServicePrincipalPolicy.fromConfig` beside
 * the action list); an invalid value fails the start-up with an error naming its key.
 */
export function readItsmConfig(config: Config): ItsmConfig {
  const itsm = config.getOptionalConfig('itsm');
  const text = (key: string, fallback: string) =>
    itsm?.getOptionalString(key) ?? fallback;
  const number = (key: string, fallback: number) =>
    itsm?.getOptionalNumber(key) ?? fallback;
  return {
    changes: readChangeConfig(config),
    alerts: {
      entityLabel: text('alerts.entityLabel', DEFAULT_ALERT_LABELS.entityLabel),
      componentLabel: text(
        'alerts.componentLabel',
        DEFAULT_ALERT_LABELS.componentLabel,
      ),
      serviceLabel:
        itsm?.getOptionalString('alerts.serviceLabel') ??
        DEFAULT_ALERT_LABELS.serviceLabel,
    },
    servicePrincipals: ServicePrincipalPolicy.fromConfig(config),
    slaCheck: {
      frequencySeconds: number(
        'slaCheck.frequencySeconds',
        ITSM_CONFIG_DEFAULTS.slaCheckFrequencySeconds,
      ),
    },
    catalogSync: {
      // Only an explicit false turns it off.
      enabled: itsm?.getOptionalBoolean('catalogSync.enabled') !== false,
      frequencyMinutes: number(
        'catalogSync.frequencyMinutes',
        ITSM_CONFIG_DEFAULTS.catalogSyncFrequencyMinutes,
      ),
    },
    search: {
      frequencyMinutes: number(
        'search.frequencyMinutes',
        ITSM_CONFIG_DEFAULTS.searchFrequencyMinutes,
      ),
      pageSize: number('search.pageSize', ITSM_CONFIG_DEFAULTS.searchPageSize),
    },
    demoData: {
      enabled: itsm?.getOptionalBoolean('demoData.enabled') ?? false,
    },
  };
}
