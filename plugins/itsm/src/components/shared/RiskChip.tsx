import { Chip, makeStyles, Theme } from '@material-ui/core';
import type { RiskLevel } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks/useItsmTranslation';

function color(theme: Theme, level: RiskLevel) {
  if (level === 'high') return theme.palette.error.main;
  if (level === 'medium') return theme.palette.warning.main;
  return theme.palette.success.main;
}

const useStyles = makeStyles<Theme, { level: RiskLevel }>(theme => ({
  chip: ({ level }) => ({
    borderColor: color(theme, level),
    color: theme.palette.text.primary,
  }),
}));

export function RiskChip(props: { level: RiskLevel | null; score?: number }) {
  const { t } = useItsmTranslation();
  const classes = useStyles({ level: props.level ?? 'low' });
  if (!props.level) return <>{t('common.unknown')}</>;
  const label =
    props.score === undefined
      ? t(`risk.${props.level}`)
      : `${t(`risk.${props.level}`)} · ${t('risk.score', {
          score: String(props.score),
        })}`;
  return (
    <Chip
      className={classes.chip}
      variant="outlined"
      size="small"
      label={label}
    />
  );
}
