import { ReactNode } from 'react';
import { MenuItem, Paper, TextField, makeStyles } from '@material-ui/core';
import { useItsmTranslation } from '../../hooks';

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
    <Paper
      className={classes.root}
      role={props.label ? 'search' : undefined}
      aria-label={props.label}
    >
      {props.children}
    </Paper>
  );
}

/**
 * A filter over a fixed list of values with an "All" entry first (value `''`: no filter),
 * e.g. an incident state or a service category.
 */
export function FilterSelect<T extends string>(props: {
  id: string;
  label: string;
  options: readonly T[];
  value: T | '';
  optionLabel: (option: T) => string;
  onChange: (value: T | '') => void;
  minWidth?: number;
}) {
  const { options, optionLabel, onChange } = props;
  const { t } = useItsmTranslation();
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={e => onChange(options.find(o => o === e.target.value) ?? '')}
      style={{ minWidth: props.minWidth ?? 160 }}
    >
      <MenuItem value="">{t('common.all')}</MenuItem>
      {options.map(option => (
        <MenuItem key={option} value={option}>
          {optionLabel(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}
