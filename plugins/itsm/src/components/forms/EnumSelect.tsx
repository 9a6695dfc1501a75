import { MenuItem, StandardTextFieldProps, TextField } from '@material-ui/core';
import type { Impact, Urgency } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';

/** Props of {@link EnumSelect}: the TextField props it passes on, plus the options. */
export type EnumSelectProps<T extends string | number> = Omit<
  StandardTextFieldProps,
  'select' | 'value' | 'onChange' | 'children'
> & {
  /** The values to choose from, in the order shown. */
  options: readonly T[];
  /** The chosen value; `''` shows nothing chosen yet. */
  value: T | '';
  /** The text shown for a value (usually a translation). */
  optionLabel: (option: T) => string;
  onChange: (value: T) => void;
};

/**
 * A select field over a fixed list of values (impact, urgency, category, criticality,
 * lifecycle, change type, outcome, …): the forms' dense full-width TextField with one
 * MenuItem per value. The chosen value is handed back as the option itself, so numeric
 * options stay numbers without a cast.
 */
export function EnumSelect<T extends string | number>(
  props: EnumSelectProps<T>,
) {
  const { options, value, optionLabel, onChange, ...textFieldProps } = props;
  return (
    <TextField
      select
      fullWidth
      margin="dense"
      {...textFieldProps}
      value={value}
      onChange={e => {
        const chosen = options.find(o => String(o) === String(e.target.value));
        if (chosen !== undefined) onChange(chosen);
      }}
    >
      {options.map(option => (
        <MenuItem key={option} value={option}>
          {optionLabel(option)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Impact and urgency both run from 1 (high) to 3 (low). */
const LEVELS: readonly (Impact & Urgency)[] = [1, 2, 3];

/** An impact or urgency field: levels 1 (high) … 3 (low) with their translated labels. */
export function LevelSelect(
  props: Omit<EnumSelectProps<Impact & Urgency>, 'options' | 'optionLabel'>,
) {
  const { t } = useItsmTranslation();
  return (
    <EnumSelect
      {...props}
      options={LEVELS}
      optionLabel={l => t(`level.${l}`)}
    />
  );
}
