import { StandardTextFieldProps, TextField } from '@material-ui/core';

/** Props of {@link FormTextField}: the TextField props it passes on, with a string `onChange`. */
export type FormTextFieldProps = Omit<StandardTextFieldProps, 'onChange'> & {
  /** Called with the field's new text. */
  onChange?: (value: string) => void;
};

/**
 * A text input of the ITSM forms: the dense full-width TextField every form uses, handing
 * back the typed text rather than the change event.
 */
export function FormTextField(props: FormTextFieldProps) {
  const { onChange, ...textFieldProps } = props;
  return (
    <TextField
      fullWidth
      margin="dense"
      {...textFieldProps}
      onChange={onChange && (e => onChange(e.target.value))}
    />
  );
}
