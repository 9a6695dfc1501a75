import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { Health } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';

/** operational / degraded / major outage with the matching status icon. */
export function HealthStatus(props: { health: Health }) {
  const { t } = useItsmTranslation();
  const label = t(`health.${props.health}`);
  switch (props.health) {
    case 'major_outage':
      return <StatusError>{label}</StatusError>;
    case 'degraded':
      return <StatusWarning>{label}</StatusWarning>;
    default:
      return <StatusOK>{label}</StatusOK>;
  }
}
