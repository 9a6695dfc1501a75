import { ReactNode } from 'react';
import { Paper, makeStyles } from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: theme.spacing(2),
    padding: theme.spacing(1.5, 2),
    marginBottom: theme.spacing(2),
  },
}));

/**
 * The filters and actions above a list. On a paper surface: MUI's grey field labels on the
 * page background (Backstage's `background.default`) miss AA contrast (4.47:1).
 */
export function FilterBar(props: { label?: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Paper className={classes.root} role={props.label ? 'search' : undefined} aria-label={props.label}>
      {props.children}
    </Paper>
  );
}
