import {
  SLA_WARNING_SHARE,
  type SlaClock,
} from '@backstage-itsm/plugin-itsm-common';

export type SlaStatusKind =
  | 'met'
  | 'paused'
  | 'breached'
  | 'atRisk'
  | 'onTrack';

export interface SlaStatus {
  kind: SlaStatusKind;
  /** Minutes left (negative once breached), live from the deadline when there is one. */
  remainingMinutes: number;
  /** Share of the goal used, 0…1+ */
  used: number;
}

/**
 * Live status of an SLA clock at `now`: the remaining time counts down from the clock's
 * deadline (which the server already projected onto the SLA's business hours).
 */
export function slaStatusAt(clock: SlaClock, now: number): SlaStatus {
  const goal = Math.max(clock.goalMinutes, 1);
  if (clock.state === 'met') {
    return {
      kind: 'met',
      remainingMinutes: clock.remainingMinutes,
      used: clock.percent / 100,
    };
  }
  if (clock.state === 'paused' || !clock.deadline) {
    const used = (goal - clock.remainingMinutes) / goal;
    if (clock.state === 'breached' || clock.remainingMinutes <= 0) {
      return {
        kind: 'breached',
        remainingMinutes: clock.remainingMinutes,
        used,
      };
    }
    let kind: SlaStatusKind = 'onTrack';
    if (clock.state === 'paused') kind = 'paused';
    else if (used >= SLA_WARNING_SHARE || clock.warning) kind = 'atRisk';
    return { kind, remainingMinutes: clock.remainingMinutes, used };
  }
  const remainingMinutes = (Date.parse(clock.deadline) - now) / 60000;
  const used = (goal - remainingMinutes) / goal;
  if (clock.state === 'breached' || remainingMinutes <= 0) {
    return { kind: 'breached', remainingMinutes, used };
  }
  if (clock.warning || used >= SLA_WARNING_SHARE) {
    return { kind: 'atRisk', remainingMinutes, used };
  }
  return { kind: 'onTrack', remainingMinutes, used };
}
