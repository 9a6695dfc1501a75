import { Chip, makeStyles, Theme } from '@material-ui/core';
import type { Change, RiskLevel } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';

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

/**
 * The chips that say what a change is: its state, its type and its risk (the server's
 * assessment when there is one). Callers put them in their own chip row.
 */
export function ChangeChips(props: { change: Change }) {
  const { change } = props;
  const { t } = useItsmTranslation();
  return (
    <>
      <Chip size="small" label={t(`changeState.${change.state}`)} />
      <Chip
        size="small"
        variant="outlined"
        label={t(`changeType.${change.type}`)}
      />
      <RiskChip
        level={change.riskAssessment?.level ?? change.risk}
        score={change.riskAssessment?.score}
      />
    </>
  );
}
