import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Box, Typography, makeStyles } from '@material-ui/core';
import { accessibleText, formatDateTime, formatPercent } from '../../utils';
import { HealthStatus } from '../shared';
import { useEntitySummary, useItsmTranslation } from '../../hooks';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    gap: theme.spacing(2),
    '&:last-child': { borderBottom: 'none' },
  },
  label: { color: theme.palette.text.secondary },
  value: { textAlign: 'right' },
  alarming: {
    color: accessibleText(
      theme.palette.error.main,
      theme.palette.background.paper,
    ),
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

function Row(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.row}>
      <Typography variant="body2" className={classes.label} component="span">
        {props.label}
      </Typography>
      <Box className={classes.value}>{props.children}</Box>
    </div>
  );
}

/**
 * Overview card of an entity's IT service: health, SLA fulfilment, open P1/P2 and the next
 * change.
 *
 * @public
 */
export function EntityItsmCard() {
  const { entity } = useEntity();
  const { t } = useItsmTranslation();
  const classes = useStyles();
  const entityRef = stringifyEntityRef(entity);
  const { loading, error, value: summary } = useEntitySummary(entityRef);

  let content: ReactNode;
  if (loading && !summary) {
    content = <Progress />;
  } else if (error) {
    content = <ResponseErrorPanel error={error} />;
  } else if (!summary || summary.services.length === 0) {
    content = (
      <Typography variant="body2">
        {t('entityContent.noService.description')}
      </Typography>
    );
  } else {
    const sla = summary.kpis?.slaFulfilment;
    const next = [...summary.ongoingChanges, ...summary.nextChanges][0];
    const p1p2 =
      summary.openIncidentsByPriority.P1 + summary.openIncidentsByPriority.P2;
    content = (
      <>
        <Row label={t('card.health')}>
          <HealthStatus health={summary.health} />
        </Row>
        <Row label={t('card.slaStatus')}>
          <Typography variant="body2" component="span">
            {sla
              ? t('card.slaValue', {
                  response: formatPercent(sla.responsePercent, 1),
                  resolution: formatPercent(sla.resolutionPercent, 1),
                })
              : t('common.notAvailable')}
          </Typography>
        </Row>
        <Row label={t('card.openP1P2')}>
          <Typography
            variant="body2"
            component="span"
            color="textPrimary"
            className={p1p2 > 0 ? classes.alarming : undefined}
            data-testid="itsm-card-p1p2"
          >
            {summary.openIncidentsByPriority.P1} /{' '}
            {summary.openIncidentsByPriority.P2}
          </Typography>
        </Row>
        <Row label={t('card.nextChange')}>
          <Typography variant="body2" component="span">
            {next
              ? `${next.number} · ${next.title} · ${formatDateTime(
                  next.plannedStart,
                )}`
              : t('card.noChange')}
          </Typography>
        </Row>
      </>
    );
  }

  return (
    <InfoCard
      title={t('card.title')}
      subheader={summary?.services.map(s => s.name).join(', ')}
      deepLink={
        summary && summary.services.length > 0
          ? { title: t('card.viewDetails'), link: 'itsm' }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
