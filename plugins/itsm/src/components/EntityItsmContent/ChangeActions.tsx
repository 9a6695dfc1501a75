import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button } from '@material-ui/core';
import {
  Change,
  ChangeState,
  itsmChangeUpdatePermission,
  nextChangeStep,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import {
  ItsmMessageKey,
  useItsmTranslation,
  useSuccessAlert,
} from '../../hooks';
import { serverMessage } from '../../utils';

const STEP_LABELS: Partial<Record<ChangeState, ItsmMessageKey>> = {
  assess: 'changes.step.assess',
  authorize: 'changes.step.authorize',
  scheduled: 'changes.step.scheduled',
  implement: 'changes.step.implement',
  review: 'changes.step.review',
};

/** The life-cycle buttons of one change on the timeline; hidden without the update permission. */
export function ChangeActions(props: {
  change: Change;
  onReview: () => void;
  onChanged?: () => void;
}) {
  const { change } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const alertApi = useApi(alertApiRef);
  const { t } = useItsmTranslation();
  const [busy, setBusy] = useState(false);
  const { allowed } = usePermission({
    permission: itsmChangeUpdatePermission,
    resourceRef: change.id,
  });
  if (!allowed) return null;

  const next = nextChangeStep(change);
  const label = next && STEP_LABELS[next];
  const step = async (to: ChangeState) => {
    setBusy(true);
    try {
      const updated = await api.transitionChange(change.id, {
        to,
        version: change.version,
      });
      announce(
        t('changes.moved', {
          number: updated.number,
          state: t(`changeState.${updated.state}`),
        }),
      );
      props.onChanged?.();
    } catch (e) {
      // E.g. a blocking freeze-window conflict, or a concurrent edit (409): the API says why.
      alertApi.post({
        message: `${change.number}: ${serverMessage(e)}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box display="inline-flex" style={{ gap: 8 }}>
      {next && label && (
        <Button
          size="small"
          variant="outlined"
          color="primary"
          disabled={busy}
          // The accessible name starts with the visible label (WCAG 2.5.3, label in name).
          aria-label={t('changes.stepAria', {
            step: t(label),
            number: change.number,
          })}
          onClick={() => step(next)}
        >
          {t(label)}
        </Button>
      )}
      {change.state === 'review' && (
        <Button
          size="small"
          variant="outlined"
          aria-label={t('changes.reviewAria', { number: change.number })}
          onClick={props.onReview}
        >
          {t('changes.review')}
        </Button>
      )}
    </Box>
  );
}
