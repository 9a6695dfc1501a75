import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  CHANGE_OUTCOMES,
  Change,
  ChangeOutcome,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../hooks';
import { EnumSelect } from './EnumSelect';
import { FormTextField } from './FormTextField';
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
  const announce = useSuccessAlert();
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
      announce(t('forms.reviewChange.closed', { number: closed.number }));
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
      submit={submit}
      submitLabel={t('forms.reviewChange.submit')}
      submitDisabled={!outcome}
      onSubmit={onSubmit}
    >
      <EnumSelect
        required
        id="itsm-review-outcome"
        label={t('forms.reviewChange.outcome')}
        options={CHANGE_OUTCOMES}
        value={outcome}
        optionLabel={o => t(`outcome.${o}`)}
        onChange={setOutcome}
        {...submit.fieldProps('outcome')}
      />
      <FormTextField
        multiline
        minRows={3}
        id="itsm-review-notes"
        label={t('forms.reviewChange.reviewNotes')}
        value={reviewNotes}
        onChange={setReviewNotes}
        required={change.type === 'emergency'}
        {...submit.fieldProps('reviewNotes')}
      />
    </FormDialog>
  );
}
