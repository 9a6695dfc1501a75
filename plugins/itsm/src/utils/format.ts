import { DateTime } from 'luxon';

/** `2 d 3 h`, `1 h 05 min`, `12 min 30 s` (units are the same in English and German). */
export function formatDuration(
  minutes: number | null | undefined,
  options: { seconds?: boolean } = {},
): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) {
    return '—';
  }
  const totalSeconds = Math.max(0, Math.round(Math.abs(minutes) * 60));
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const mins = Math.floor((totalSeconds % 3600) / 60);
  const secs = totalSeconds % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  if (options.seconds) return `${mins} min ${String(secs).padStart(2, '0')} s`;
  return `${mins} min`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const dt = DateTime.fromISO(iso);
  return dt.isValid ? dt.toLocaleString(DateTime.DATETIME_MED) : iso;
}

export function formatPercent(
  value: number | null | undefined,
  digits = 2,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  return `${Number(value.toFixed(digits))} %`;
}

/** `YYYY-MM` of the current month in the user's zone. */
export function currentMonth(now: DateTime = DateTime.now()): string {
  return now.toFormat('yyyy-MM');
}
