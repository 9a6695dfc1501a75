import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Grid,
  LinearProgress,
  Typography,
  makeStyles,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import type {
  KpiReport,
  Service,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { captionLabel } from '../shared';
import { currentMonth, formatPercent } from '../../utils';
import { useItsmTranslation } from '../../hooks';

const useStyles = makeStyles(theme => ({
  big: {
    fontSize: '2rem',
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
  label: {
    ...captionLabel(theme),
  },
  bar: { height: 8, borderRadius: 4, marginTop: theme.spacing(0.5) },
}));

function Metric(props: { label: string; children: ReactNode; id: string }) {
  const classes = useStyles();
  return (
    <Box mb={2} role="group" aria-labelledby={props.id}>
      <Typography className={classes.label} id={props.id} component="div">
        {props.label}
      </Typography>
      <Box>{props.children}</Box>
    </Box>
  );
}

/** Incidents out of `measured` that missed a clock, from the fulfilment percentage. */
function breaches(percent: number | null, measured: number): number | null {
  if (percent === null) return null;
  return measured - Math.round((percent / 100) * measured);
}

/**
 * This month's availability against the SLA target with the error budget left, and the
 * response / resolution fulfilment and breaches of the KPI window.
 */
export function SlaCard(props: {
  service: Service;
  sla?: Sla;
  kpis: KpiReport | null;
  /** Changes when the entity's records changed: the availability is fetched again. */
  reloadKey?: number;
}) {
  const { service, sla, kpis, reloadKey } = props;
  const api = useApi(itsmApiRef);
  const classes = useStyles();
  const { t } = useItsmTranslation();
  const month = currentMonth();
  const {
    loading,
    error,
    value: report,
  } = useAsync(
    async () =>
      service.slaId ? api.getAvailability(service.id, month) : undefined,
    [api, service.id, service.slaId, month, reloadKey],
  );

  let availability: ReactNode;
  if (!service.slaId) {
    availability = <Typography>{t('slaCard.noSla')}</Typography>;
  } else if (loading) {
    availability = <Progress />;
  } else if (error) {
    availability = <ResponseErrorPanel error={error} />;
  } else if (report) {
    const budgetShare =
      report.errorBudget.totalMinutes > 0
        ? Math.max(
            0,
            Math.min(
              100,
              (report.errorBudget.remainingMinutes /
                report.errorBudget.totalMinutes) *
                100,
            ),
          )
        : 0;
    availability = (
      <>
        <Metric label={t('slaCard.availability')} id="itsm-sla-availability">
          <Typography className={classes.big} component="p">
            {formatPercent(report.availability, 3)}
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {t('slaCard.target', { target: String(report.target) })}
          </Typography>
          {report.met ? (
            <StatusOK>{t('slaCard.met')}</StatusOK>
          ) : (
            <StatusError>{t('slaCard.missed')}</StatusError>
          )}
        </Metric>
        <Metric label={t('slaCard.errorBudget')} id="itsm-sla-budget">
          <Typography variant="body1">
            {t('slaCard.errorBudgetValue', {
              remaining: String(
                Math.max(
                  0,
                  Math.round(report.errorBudget.remainingMinutes * 10) / 10,
                ),
              ),
              total: String(
                Math.round(report.errorBudget.totalMinutes * 10) / 10,
              ),
            })}
          </Typography>
          <LinearProgress
            className={classes.bar}
            variant="determinate"
            value={budgetShare}
            color={budgetShare < 25 ? 'secondary' : 'primary'}
            aria-label={t('slaCard.errorBudget')}
          />
          {report.errorBudget.burnRate !== null && (
            <Typography variant="caption" color="textSecondary">
              {t('slaCard.burnRate', {
                rate: String(
                  Math.round(report.errorBudget.burnRate * 100) / 100,
                ),
              })}
            </Typography>
          )}
        </Metric>
      </>
    );
  }

  const fulfilment = kpis?.slaFulfilment;
  const responseBreaches = fulfilment
    ? breaches(fulfilment.responsePercent, fulfilment.measured)
    : null;
  const resolutionBreaches = fulfilment
    ? breaches(fulfilment.resolutionPercent, fulfilment.measured)
    : null;

  return (
    <InfoCard
      title={t('slaCard.title')}
      subheader={sla ? `${sla.name} · ${month}` : month}
    >
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          {availability}
        </Grid>
        <Grid item xs={12} sm={6}>
          <Metric
            label={t('slaCard.responseFulfilment')}
            id="itsm-sla-response"
          >
            <Typography variant="h6" component="p">
              {formatPercent(fulfilment?.responsePercent, 1)}
            </Typography>
          </Metric>
          <Metric
            label={t('slaCard.resolutionFulfilment')}
            id="itsm-sla-resolution"
          >
            <Typography variant="h6" component="p">
              {formatPercent(fulfilment?.resolutionPercent, 1)}
            </Typography>
          </Metric>
          <Metric label={t('slaCard.breaches')} id="itsm-sla-breaches">
            <Typography variant="body1" data-testid="itsm-sla-breaches">
              {fulfilment
                ? `${t('slaClock.response')}: ${responseBreaches ?? '—'} · ${t(
                    'slaClock.resolution',
                  )}: ${resolutionBreaches ?? '—'}`
                : t('common.notAvailable')}
            </Typography>
            {fulfilment && (
              <Typography variant="caption" color="textSecondary">
                {t('slaCard.measured', {
                  measured: String(fulfilment.measured),
                })}
              </Typography>
            )}
          </Metric>
        </Grid>
      </Grid>
    </InfoCard>
  );
}
