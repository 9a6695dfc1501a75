import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { Box, Chip, Typography, makeStyles } from '@material-ui/core';
import {
  Timeline,
  TimelineConnector,
  TimelineContent,
  TimelineDot,
  TimelineItem,
  TimelineOppositeContent,
  TimelineSeparator,
} from '@material-ui/lab';
import WarningIcon from '@material-ui/icons/Warning';
import { Change } from '@backstage-itsm/plugin-itsm-common';
import { formatDateTime } from '../../utils';
import { ChangeChips } from '../shared';
import { useItsmTranslation } from '../../hooks';
import { ReviewChangeDialog } from '../forms/ReviewChangeDialog';
import { ChangeActions } from './ChangeActions';

const useStyles = makeStyles(theme => ({
  opposite: { flex: 0.25, minWidth: 130 },
  group: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.75rem',
    fontWeight: 'bold',
    marginTop: theme.spacing(1),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
    marginTop: theme.spacing(0.5),
  },
}));

type Group = 'upcoming' | 'ongoing' | 'recent';

function dotColor(change: Change, group: Group) {
  if (change.outcome === 'failed' || change.outcome === 'rolled_back') {
    return 'secondary' as const;
  }
  if (group === 'ongoing') return 'primary' as const;
  return 'grey' as const;
}

/**
 * Timeline of an entity's changes and deployments: upcoming ones on top, then those in
 * progress, then the recent ones.
 */
export function ChangeTimeline(props: {
  upcoming: Change[];
  ongoing: Change[];
  recent: Change[];
  onChanged?: () => void;
}) {
  const classes = useStyles();
  const { t } = useItsmTranslation();
  const [reviewing, setReviewing] = useState<Change>();

  const byStart = (a: Change, b: Change) =>
    (a.plannedStart ?? '').localeCompare(b.plannedStart ?? '');
  const shown = new Set([...props.upcoming, ...props.ongoing].map(c => c.id));
  const groups: Array<{ group: Group; items: Change[] }> = [
    { group: 'upcoming' as const, items: [...props.upcoming].sort(byStart) },
    { group: 'ongoing' as const, items: [...props.ongoing].sort(byStart) },
    {
      group: 'recent' as const,
      // The summary's recent changes may repeat upcoming or ongoing ones: each shows once.
      items: props.recent
        .filter(c => !shown.has(c.id))
        .sort((a, b) => byStart(b, a)),
    },
  ].filter(g => g.items.length > 0);

  return (
    <InfoCard title={t('changes.title')}>
      {groups.length === 0 ? (
        <Typography>{t('changes.empty')}</Typography>
      ) : (
        groups.map(({ group, items }) => (
          <section key={group} aria-label={t(`changes.${group}`)}>
            <Typography className={classes.group} component="h2">
              {t(`changes.${group}`)}
            </Typography>
            <Timeline align="left">
              {items.map((change, i) => {
                const start = change.actualStart ?? change.plannedStart;
                const end = change.actualEnd ?? change.plannedEnd;
                const conflicts = change.conflicts ?? [];
                return (
                  <TimelineItem
                    key={change.id}
                    data-testid={`change-${change.number}`}
                  >
                    <TimelineOppositeContent className={classes.opposite}>
                      <Typography variant="body2" color="textSecondary">
                        {start ? formatDateTime(start) : t('changes.noWindow')}
                      </Typography>
                    </TimelineOppositeContent>
                    <TimelineSeparator>
                      <TimelineDot color={dotColor(change, group)} />
                      {i < items.length - 1 && <TimelineConnector />}
                    </TimelineSeparator>
                    <TimelineContent>
                      <Typography variant="body1">
                        {change.number} · {change.title}
                      </Typography>
                      <Typography variant="body2" color="textSecondary">
                        {start && end
                          ? t('changes.window', {
                              start: formatDateTime(start),
                              end: formatDateTime(end),
                            })
                          : t('changes.noWindow')}
                      </Typography>
                      <div className={classes.chips}>
                        <ChangeChips change={change} />
                        {change.plannedOutage && (
                          <Chip
                            size="small"
                            variant="outlined"
                            label={t('changes.plannedOutage')}
                          />
                        )}
                        {change.outcome && (
                          <Typography variant="body2" component="span">
                            {t('changes.outcome', {
                              outcome: t(`outcome.${change.outcome}`),
                            })}
                          </Typography>
                        )}
                        {conflicts.length > 0 && (
                          <Box
                            display="inline-flex"
                            alignItems="center"
                            title={conflicts.map(c => c.message).join('\n')}
                          >
                            <WarningIcon
                              fontSize="small"
                              color="error"
                              aria-hidden
                            />
                            <Typography variant="body2" component="span">
                              {t('changes.conflicts', {
                                n: String(conflicts.length),
                              })}
                            </Typography>
                          </Box>
                        )}
                        <ChangeActions
                          change={change}
                          onReview={() => setReviewing(change)}
                          onChanged={props.onChanged}
                        />
                      </div>
                      {change.deployment && (
                        <Typography variant="body2">
                          {t('changes.deployment', {
                            version: change.deployment.version ?? '—',
                            environment: change.deployment.environment ?? '—',
                            status: change.deployment.status,
                          })}
                        </Typography>
                      )}
                    </TimelineContent>
                  </TimelineItem>
                );
              })}
            </Timeline>
          </section>
        ))
      )}
      {reviewing && (
        <ReviewChangeDialog
          open
          change={reviewing}
          onClose={() => setReviewing(undefined)}
          onReviewed={() => {
            setReviewing(undefined);
            props.onChanged?.();
          }}
        />
      )}
    </InfoCard>
  );
}
