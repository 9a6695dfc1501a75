import { useEffect, useState } from 'react';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  Grid,
  List,
  ListItem,
  TextField,
  Typography,
  makeStyles,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Change,
  itsmChangeApprovePermission,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../../api';
import { formatDateTime } from '../../../utils';
import { captionLabel, ChangeChips, WrappingListItemText } from '../../shared';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../../hooks';
import { FormDialog } from '../../forms/FormDialog';

const useStyles = makeStyles(theme => ({
  heading: {
    ...captionLabel(theme),
    marginTop: theme.spacing(1.5),
  },
  plan: { whiteSpace: 'pre-wrap' },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  note: { maxWidth: 280, paddingTop: theme.spacing(1) },
}));

type Decision = 'approve' | 'reject';

/** Approve / reject with a comment (required when rejecting) → `POST /changes/{id}/approvals`. */
function VoteDialog(props: {
  change: Change;
  decision: Decision;
  onClose: () => void;
  onVoted: (change: Change) => void;
}) {
  const { change, decision, onClose, onVoted } = props;
  const api = useApi(itsmApiRef);
  const { t } = useItsmTranslation();
  const [comment, setComment] = useState('');
  const submit = useSubmit(['comment', 'decision']);
  const label = t(decision === 'approve' ? 'cab.approve' : 'cab.reject');
  const commentMissing = decision === 'reject' && !comment.trim();

  const onSubmit = async () => {
    const updated = await submit.run(() =>
      api.approveChange(change.id, {
        decision,
        comment: comment.trim() || undefined,
      }),
    );
    if (updated) onVoted(updated);
  };

  return (
    <FormDialog
      open
      onClose={onClose}
      titleId="itsm-vote-title"
      title={t('cab.voteTitle', { decision: label, number: change.number })}
      submit={submit}
      submitLabel={label}
      submitColor={decision === 'approve' ? 'primary' : 'secondary'}
      submitDisabled={commentMissing}
      onSubmit={onSubmit}
    >
      <Typography variant="body2" gutterBottom>
        {change.title}
      </Typography>
      <TextField
        fullWidth
        multiline
        minRows={3}
        margin="dense"
        id="itsm-vote-comment"
        label={t('cab.comment')}
        required={decision === 'reject'}
        value={comment}
        onChange={e => setComment(e.target.value)}
        {...submit.fieldProps(
          'comment',
          decision === 'reject' ? t('cab.commentRequired') : undefined,
        )}
      />
    </FormDialog>
  );
}

function VoteButtons(props: {
  change: Change;
  userRef?: string;
  noteClassName?: string;
  onVote: (decision: Decision) => void;
}) {
  const { change, userRef } = props;
  const { t } = useItsmTranslation();
  const { allowed } = usePermission({
    permission: itsmChangeApprovePermission,
    resourceRef: change.id,
  });
  // The CAB policy refuses these votes (self_approval, double_vote, wrong_state); say why
  // instead of offering a button that can only fail.
  const same = (ref: string) =>
    !!userRef &&
    ref.toLocaleLowerCase('en-US') === userRef.toLocaleLowerCase('en-US');
  const ownVote = (change.approvals ?? []).find(a => same(a.voterRef));
  if (!allowed || change.state !== 'authorize') return null;
  if (same(change.requestedBy)) {
    return (
      <Typography variant="body2" className={props.noteClassName}>
        {t('cab.ownRequest')}
      </Typography>
    );
  }
  if (ownVote) {
    return (
      <Typography variant="body2" className={props.noteClassName}>
        {t('cab.youVoted', {
          decision: t(
            ownVote.decision === 'approve' ? 'cab.approve' : 'cab.reject',
          ),
        })}
      </Typography>
    );
  }
  return (
    <Box display="flex" style={{ gap: 8 }}>
      <Button
        variant="contained"
        color="primary"
        aria-label={t('cab.approveAria', { number: change.number })}
        onClick={() => props.onVote('approve')}
      >
        {t('cab.approve')}
      </Button>
      <Button
        variant="outlined"
        aria-label={t('cab.rejectAria', { number: change.number })}
        onClick={() => props.onVote('reject')}
      >
        {t('cab.reject')}
      </Button>
    </Box>
  );
}

function CabChangeCard(props: {
  change: Change;
  userRef?: string;
  onVote: (decision: Decision) => void;
}) {
  const { change } = props;
  const classes = useStyles();
  const { t } = useItsmTranslation();
  const conflicts = change.conflicts ?? [];
  const approvals = change.approvals ?? [];
  const reasons = change.riskAssessment?.reasons ?? [];
  const plans: Array<[string, string | null]> = [
    [t('cab.implementationPlan'), change.implementationPlan],
    [t('cab.rollbackPlan'), change.rollbackPlan],
    [t('cab.testPlan'), change.testPlan],
  ];

  return (
    <InfoCard
      title={`${change.number} · ${change.title}`}
      subheader={
        <div className={classes.chips}>
          <ChangeChips change={change} />
        </div>
      }
      action={
        <VoteButtons
          change={change}
          userRef={props.userRef}
          noteClassName={classes.note}
          onVote={props.onVote}
        />
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <Typography variant="body2">
            <strong>{t('cab.window')}:</strong>{' '}
            {formatDateTime(change.plannedStart)} –{' '}
            {formatDateTime(change.plannedEnd)}
          </Typography>
          <Typography variant="body2">
            <strong>{t('cab.requestedBy')}:</strong>{' '}
            <EntityRefLink entityRef={change.requestedBy} defaultKind="user" />
          </Typography>
          {change.description && (
            <Typography variant="body2" className={classes.plan}>
              {change.description}
            </Typography>
          )}

          <Typography className={classes.heading} component="h2">
            {t('cab.riskReasons')}
          </Typography>
          <List dense disablePadding>
            {reasons.map(r => (
              <ListItem key={r.factor} disableGutters>
                <WrappingListItemText primary={r.message} />
              </ListItem>
            ))}
          </List>

          <Typography className={classes.heading} component="h2">
            {t('cab.conflicts')}
          </Typography>
          {conflicts.length === 0 ? (
            <Typography variant="body2">{t('cab.noConflicts')}</Typography>
          ) : (
            <List dense disablePadding>
              {conflicts.map((c, i) => (
                <ListItem key={i} disableGutters>
                  <WrappingListItemText
                    primary={
                      c.blocking ? (
                        <StatusError>
                          {t('cab.blocking')}: {c.message}
                        </StatusError>
                      ) : (
                        c.message
                      )
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Grid>
        <Grid item xs={12} md={6}>
          <Typography className={classes.heading} component="h2">
            {t('cab.plans')}
          </Typography>
          {plans.map(([label, text]) => (
            <Box key={label} mb={1}>
              <Typography variant="subtitle2" component="h3">
                {label}
              </Typography>
              <Typography
                variant="body2"
                className={classes.plan}
                color={text ? 'textPrimary' : 'textSecondary'}
              >
                {text || t('cab.noPlan')}
              </Typography>
            </Box>
          ))}

          <Typography className={classes.heading} component="h2">
            {t('cab.votes')}
          </Typography>
          {approvals.length === 0 ? (
            <Typography variant="body2">{t('cab.noVotes')}</Typography>
          ) : (
            <List dense disablePadding aria-label={t('cab.votes')}>
              {approvals.map(a => (
                <ListItem key={`${a.voterRef}-${a.at}`} disableGutters>
                  <WrappingListItemText
                    primary={
                      <>
                        {a.decision === 'approve' ? (
                          <StatusOK>{t('cab.approve')}</StatusOK>
                        ) : (
                          <StatusError>{t('cab.reject')}</StatusError>
                        )}{' '}
                        <EntityRefLink
                          entityRef={a.voterRef}
                          defaultKind="user"
                        />{' '}
                        (
                        {a.roles
                          .map(r =>
                            t(r === 'cab' ? 'cab.roleCab' : 'cab.roleOwner'),
                          )
                          .join(', ')}
                        )
                      </>
                    }
                    secondary={[a.comment, formatDateTime(a.at)]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}

/**
 * The CAB queue: changes waiting in `assess` / `authorize` with risk and its reasons,
 * conflicts, plans and the votes so far; members approve or reject with a comment.
 */
export function CabQueueView() {
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [changes, setChanges] = useState<Change[]>();
  const [voting, setVoting] = useState<{
    change: Change;
    decision: Decision;
  }>();
  const identityApi = useApi(identityApiRef);
  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  const { loading, error, value } = useAsyncRetry(async () => {
    const page = await api.listChanges({
      state: ['authorize', 'assess'],
      sort: 'plannedStart',
      order: 'asc',
      limit: 100,
    });
    // Conflicts and votes may only come with the single record.
    return Promise.all(
      page.items.map(c =>
        c.conflicts === undefined || c.approvals === undefined
          ? api.getChange(c.id).catch(() => c)
          : c,
      ),
    );
  }, [api]);
  useEffect(() => {
    if (value) setChanges(value);
  }, [value]);

  if (loading && !changes) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!changes || changes.length === 0) {
    return <EmptyState missing="data" title={t('cab.empty')} />;
  }

  // Those waiting for a decision (authorize) first.
  const rank = (c: Change) => (c.state === 'authorize' ? 0 : 1);
  const ordered = [...changes].sort((a, b) => rank(a) - rank(b));

  return (
    <Grid container spacing={3}>
      {ordered.map(change => (
        <Grid item xs={12} key={change.id}>
          <CabChangeCard
            change={change}
            userRef={identity?.userEntityRef}
            onVote={decision => setVoting({ change, decision })}
          />
        </Grid>
      ))}
      {voting && (
        <VoteDialog
          change={voting.change}
          decision={voting.decision}
          onClose={() => setVoting(undefined)}
          onVoted={updated => {
            setVoting(undefined);
            setChanges(current =>
              (current ?? [])
                .map(c =>
                  c.id === updated.id
                    ? {
                        ...updated,
                        conflicts: updated.conflicts ?? c.conflicts,
                        approvals: updated.approvals ?? c.approvals,
                      }
                    : c,
                )
                .filter(c => c.state === 'authorize' || c.state === 'assess'),
            );
            // A decided change leaves the queue: say where it went.
            announce(
              updated.state === 'authorize'
                ? t('cab.voted', { number: updated.number })
                : t('cab.votedDecided', {
                    number: updated.number,
                    state: t(`changeState.${updated.state}`),
                  }),
            );
          }}
        />
      )}
    </Grid>
  );
}
