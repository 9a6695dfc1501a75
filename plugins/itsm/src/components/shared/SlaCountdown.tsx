import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { Tooltip } from '@material-ui/core';
import type { SlaClock } from '@backstage-itsm/plugin-itsm-common';
import { formatDateTime, formatDuration, slaStatusAt } from '../../utils';
import { useItsmTranslation, useNow } from '../../hooks';

/**
 * Live countdown of one SLA clock. Ticks every second on the client while the clock runs;
 * "at risk" from 75 % of the goal, "breached" past the deadline.
 */
export function SlaCountdown(props: {
  clock: SlaClock | null | undefined;
  kind?: 'response' | 'resolution';
}) {
  const { clock, kind = 'resolution' } = props;
  const { t } = useItsmTranslation();
  const running = !!clock && clock.state === 'running';
  const now = useNow(1000, running);
  if (!clock) return <span>{t('slaClock.noSla')}</span>;

  const status = slaStatusAt(clock, now);
  const time = formatDuration(Math.abs(status.remainingMinutes), {
    seconds: Math.abs(status.remainingMinutes) < 60,
  });
  let text: string;
  let Icon = StatusOK;
  switch (status.kind) {
    case 'met':
      text = t('slaClock.met');
      break;
    case 'paused':
      text = `${t('slaClock.paused')} (${time})`;
      Icon = StatusPending;
      break;
    case 'breached':
      text = t('slaClock.breached', { time });
      Icon = StatusError;
      break;
    case 'atRisk':
      text = t('slaClock.atRisk', { time });
      Icon = StatusWarning;
      break;
    default:
      text = t('slaClock.onTrack', { time });
  }
  const clockName = t(
    kind === 'response' ? 'slaClock.response' : 'slaClock.resolution',
  );
  return (
    <Tooltip title={clock.deadline ? formatDateTime(clock.deadline) : ''}>
      <span
        role="timer"
        aria-label={t('slaClock.ariaLabel', { clock: clockName, status: text })}
        data-sla-status={status.kind}
      >
        <Icon>{text}</Icon>
      </span>
    </Tooltip>
  );
}
