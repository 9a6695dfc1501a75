import type { Theme } from '@material-ui/core';

/**
 * The small upper-case caption above a value or a group of cards (service header fields, SLA
 * card metrics, CAB queue sections), for `makeStyles`.
 */
export function captionLabel(theme: Theme) {
  return {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.7rem',
    fontWeight: 'bold',
    letterSpacing: 0.5,
  } as const;
}
