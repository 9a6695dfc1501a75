import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
} from '@material-ui/core';
import { ApiErrorAlert } from '../shared';
import { type SubmitState, useItsmTranslation } from '../../hooks';

/**
 * The frame every ITSM form shares: a titled dialog, the API error that names no field at
 * the top (field errors sit next to their fields), the fields, then Cancel and the submit
 * button, disabled while the request runs.
 */
export function FormDialog(props: {
  open: boolean;
  onClose: () => void;
  /** Unique id of the title element (the dialog's accessible name). */
  titleId: string;
  title: ReactNode;
  maxWidth?: 'sm' | 'md';
  /**
   * The form's `useSubmit()`: its error that names no field is shown above the fields, and
   * the submit button is disabled while it runs.
   */
  submit: Pick<SubmitState, 'formError' | 'clear' | 'busy'>;
  submitLabel: string;
  submitColor?: 'primary' | 'secondary';
  /** Disables the submit button (missing required input); it is disabled while `busy` too. */
  submitDisabled?: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useItsmTranslation();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      fullWidth
      maxWidth={props.maxWidth ?? 'sm'}
      aria-labelledby={props.titleId}
    >
      <DialogTitle id={props.titleId}>{props.title}</DialogTitle>
      <DialogContent>
        <ApiErrorAlert
          error={props.submit.formError}
          onClose={props.submit.clear}
        />
        {props.children}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('common.cancel')}</Button>
        <Button
          color={props.submitColor ?? 'primary'}
          variant="contained"
          disabled={props.submit.busy || props.submitDisabled}
          onClick={props.onSubmit}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
