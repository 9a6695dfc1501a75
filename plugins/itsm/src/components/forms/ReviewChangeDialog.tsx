import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { MenuItem, TextField } from '@material-ui/core';
import {
  CHANGE_OUTCOMES,
  Change,
  ChangeOutcome,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { useItsmTranslation } from '../../hooks';
import { useSubmit } from '../../hooks/useSubmit';
import { FormDialog } from './FormDialog';

const FIELDS = ['outcome', 'reviewNotes', 'to'] as const;

/** Post-implementation review: outcome + notes, then the change moves review → closed. */
export function ReviewChangeDialog(props: {
  open: boolean;
  change: Change;
  onClose: () => void;
  onReviewed: (change: Change) => void;
}) {
  const { open, change, onClose, onReviewed } = props;
  const api = useApi(itsmApiRef);
  const alertApi = useApi(alertApiRef);
  const { t } = useItsmTranslation();
  const [outcome, setOutcome] = useState<ChangeOutcome | ''>(
    change.outcome ?? '',
  );
  const [reviewNotes, setReviewNotes] = useState(change.reviewNotes ?? '');
  const submit = useSubmit(FIELDS);

  const onSubmit = async () => {
    if (!outcome) return;
    const closed = await submit.run(() =>
      api.transitionChange(change.id, {
        to: 'closed',
        version: change.version,
        outcome,
        reviewNotes: reviewNotes.trim() || undefined,
      }),
    );
    if (closed) {
      alertApi.post({
        message: t('forms.reviewChange.closed', { number: closed.number }),
        severity: 'success',
        display: 'transient',
      });
      onReviewed(closed);
    }
  };

  const titleId = `itsm-review-change-${change.id}`;
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      titleId={titleId}
      title={t('forms.reviewChange.title', { number: change.number })}
      error={submit.formError}
      onClearError={submit.clear}
      submitLabel={t('forms.reviewChange.submit')}
      submitDisabled={!outcome}
      busy={submit.busy}
      onSubmit={onSubmit}
    >
      <TextField
        select
        fullWidth
        required
        margin="dense"
        id="itsm-review-outcome"
        label={t('forms.reviewChange.outcome')}
        value={outcome}
        onChange={e => setOutcome(e.target.value as ChangeOutcome)}
        {...submit.fieldProps('outcome')}
      >
        {CHANGE_OUTCOMES.map(o => (
          <MenuItem key={o} value={o}>
            {t(`outcome.${o}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth
        multiline
        minRows={3}
        margin="dense"
        id="itsm-review-notes"
        label={t('forms.reviewChange.reviewNotes')}
        value={reviewNotes}
        onChange={e => setReviewNotes(e.target.value)}
        required={change.type === 'emergency'}
        {...submit.fieldProps('reviewNotes')}
      />
    </FormDialog>
  );
}
