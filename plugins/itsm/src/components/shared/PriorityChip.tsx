import { Chip, makeStyles, Theme } from '@material-ui/core';
import type { Priority } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';
import { accessibleFill } from '../../utils';

function background(theme: Theme, priority: Priority): string {
  switch (priority) {
    case 'P1':
      return theme.palette.error.main;
    case 'P2':
      return theme.palette.warning.main;
    case 'P3':
      return theme.palette.info.main;
    default:
      return theme.palette.grey[500];
  }
}

const useStyles = makeStyles<Theme, { priority: Priority }>(theme => ({
  chip: ({ priority }) => ({
    ...accessibleFill(background(theme, priority)),
    fontWeight: theme.typography.fontWeightBold as number,
  }),
}));

/** P1 red, P2 orange, P3 blue, P4 grey – from the theme palette, shaded to AA contrast. */
export function PriorityChip(props: {
  priority: Priority;
  size?: 'small' | 'medium';
}) {
  const { priority, size = 'small' } = props;
  const classes = useStyles({ priority });
  const { t } = useItsmTranslation();
  return (
    <Chip
      className={classes.chip}
      size={size}
      label={priority}
      title={t(`priority.${priority}`)}
      data-testid={`priority-${priority}`}
    />
  );
}
