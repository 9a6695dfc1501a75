import { ReactNode, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  Typography,
} from '@material-ui/core';
import {
  Incident,
  INCIDENT_TRANSITIONS,
  IncidentState,
  nextSupportLevel,
  ON_HOLD_REASONS,
  OnHoldReason,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { ApiErrorAlert, PriorityChip } from '../shared';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../hooks';
import { EnumSelect } from './EnumSelect';
import { FormTextField } from './FormTextField';

const FIELDS = [
  'to',
  'reason',
  'resolutionNotes',
  'comment',
  'supportLevel',
  'assigneeRef',
  'problemId',
  'causedByChangeId',
] as const;

/** The heading of one of the dialog's sections, after a divider unless it is the first. */
function SectionHeading(props: { divided?: boolean; children: ReactNode }) {
  return (
    <>
      {props.divided && (
        <Box my={2}>
          <Divider />
        </Box>
      )}
      <Typography variant="h6" component="h3">
        {props.children}
      </Typography>
    </>
  );
}

/**
 * Work an incident: transition (with on-hold reason / resolution notes), escalate
 * L1 → L2 → L3, assign, link a problem or the change that caused it.
 */
export function WorkIncidentDialog(props: {
  open: boolean;
  incident: Incident;
  onClose: () => void;
  onUpdated: (incident: Incident) => void;
}) {
  const { open, onClose, onUpdated } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [incident, setIncident] = useState(props.incident);
  const transitions = INCIDENT_TRANSITIONS[incident.state];
  const [to, setTo] = useState<IncidentState | ''>('');
  const [reason, setReason] = useState<OnHoldReason | ''>('');
  const [resolutionNotes, setResolutionNotes] = useState('');
  const [comment, setComment] = useState('');
  const [escalationComment, setEscalationComment] = useState('');
  const [assigneeRef, setAssigneeRef] = useState(incident.assigneeRef ?? '');
  const [problemId, setProblemId] = useState(incident.problemId ?? '');
  const [causedByChangeId, setCausedByChangeId] = useState(
    incident.causedByChangeId ?? '',
  );
  const submit = useSubmit(FIELDS);
  const next = nextSupportLevel(incident.supportLevel);

  const updated = (result: Incident | undefined) => {
    if (!result) return;
    const merged = { ...result, sla: result.sla ?? incident.sla };
    setIncident(merged);
    onUpdated(merged);
    announce(t('forms.workIncident.saved', { number: result.number }));
  };

  const applyTransition = async () => {
    if (!to) return;
    const result = await submit.run(() =>
      api.transitionIncident(incident.id, {
        to,
        version: incident.version,
        reason: to === 'on_hold' && reason ? reason : undefined,
        resolutionNotes:
          to === 'resolved' && resolutionNotes ? resolutionNotes : undefined,
        comment: comment || undefined,
      }),
    );
    if (result) {
      setTo('');
      setComment('');
    }
    updated(result);
  };

  const escalate = async () => {
    if (!next) return;
    updated(
      await submit.run(() =>
        api.updateIncident(incident.id, {
          version: incident.version,
          supportLevel: next,
          comment: escalationComment || undefined,
        }),
      ),
    );
    setEscalationComment('');
  };

  const assign = async () =>
    updated(
      await submit.run(() =>
        api.updateIncident(incident.id, {
          version: incident.version,
          assigneeRef: assigneeRef.trim() || null,
        }),
      ),
    );

  const link = async () =>
    updated(
      await submit.run(() =>
        api.updateIncident(incident.id, {
          version: incident.version,
          problemId: problemId.trim() || null,
          causedByChangeId: causedByChangeId.trim() || null,
        }),
      ),
    );

  const titleId = `itsm-work-incident-${incident.id}`;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>
        {t('forms.workIncident.title', { number: incident.number })}
      </DialogTitle>
      <DialogContent>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
          <PriorityChip priority={incident.priority} />
          <Typography variant="body2">
            {incident.title} · {t(`incidentState.${incident.state}`)}
          </Typography>
        </Box>
        <ApiErrorAlert error={submit.formError} onClose={submit.clear} />

        <SectionHeading>{t('forms.workIncident.sectionState')}</SectionHeading>
        {transitions.length === 0 ? (
          <Typography variant="body2">
            {t('forms.workIncident.noTransitions')}
          </Typography>
        ) : (
          <>
            <EnumSelect
              id="itsm-work-to"
              label={t('forms.workIncident.transition')}
              options={transitions}
              value={to}
              optionLabel={s => t(`incidentState.${s}`)}
              onChange={setTo}
              {...submit.fieldProps('to')}
            />
            {to === 'on_hold' && (
              <EnumSelect
                required
                id="itsm-work-reason"
                label={t('forms.workIncident.onHoldReason')}
                options={ON_HOLD_REASONS}
                value={reason}
                optionLabel={r => t(`onHoldReason.${r}`)}
                onChange={setReason}
                {...submit.fieldProps('reason')}
              />
            )}
            {to === 'resolved' && (
              <FormTextField
                required
                multiline
                minRows={2}
                id="itsm-work-resolution-notes"
                label={t('forms.workIncident.resolutionNotes')}
                value={resolutionNotes}
                onChange={setResolutionNotes}
                {...submit.fieldProps('resolutionNotes')}
              />
            )}
            <FormTextField
              id="itsm-work-comment"
              label={t('forms.workIncident.comment')}
              value={comment}
              onChange={setComment}
              {...submit.fieldProps('comment')}
            />
            <Box mt={1}>
              <Button
                variant="contained"
                color="primary"
                disabled={
                  !to ||
                  submit.busy ||
                  (to === 'on_hold' && !reason) ||
                  (to === 'resolved' && !resolutionNotes.trim())
                }
                onClick={applyTransition}
              >
                {t('forms.workIncident.transitionSubmit')}
              </Button>
            </Box>
          </>
        )}

        <SectionHeading divided>
          {t('forms.workIncident.sectionEscalation')}
        </SectionHeading>
        <Typography variant="body2">
          {t('forms.workIncident.supportLevel', {
            level: incident.supportLevel,
          })}
        </Typography>
        {next ? (
          <>
            <FormTextField
              id="itsm-work-escalation-comment"
              label={t('forms.workIncident.escalationComment')}
              value={escalationComment}
              onChange={setEscalationComment}
              {...submit.fieldProps('supportLevel')}
            />
            <Button
              variant="outlined"
              disabled={submit.busy}
              onClick={escalate}
            >
              {t('forms.workIncident.escalate', { level: next })}
            </Button>
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            {t('forms.workIncident.maxLevel', { level: incident.supportLevel })}
          </Typography>
        )}

        <SectionHeading divided>
          {t('forms.workIncident.sectionAssignment')}
        </SectionHeading>
        <FormTextField
          id="itsm-work-assignee"
          label={t('forms.workIncident.assignee')}
          placeholder="user:default/jane"
          value={assigneeRef}
          onChange={setAssigneeRef}
          {...submit.fieldProps('assigneeRef')}
        />
        <Button variant="outlined" disabled={submit.busy} onClick={assign}>
          {t('forms.workIncident.assign')}
        </Button>

        <SectionHeading divided>
          {t('forms.workIncident.sectionLinks')}
        </SectionHeading>
        <FormTextField
          id="itsm-work-problem"
          label={t('forms.workIncident.problem')}
          value={problemId}
          onChange={setProblemId}
          {...submit.fieldProps('problemId')}
        />
        <FormTextField
          id="itsm-work-change"
          label={t('forms.workIncident.change')}
          value={causedByChangeId}
          onChange={setCausedByChangeId}
          {...submit.fieldProps('causedByChangeId')}
        />
        <Button variant="outlined" disabled={submit.busy} onClick={link}>
          {t('forms.workIncident.link')}
        </Button>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
