import { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Grid, Typography, makeStyles } from '@material-ui/core';
import type { EntitySummary } from '@backstage-itsm/plugin-itsm-common';
import { captionLabel, HealthStatus } from '../shared';
import { useItsmTranslation } from '../../hooks';

const useStyles = makeStyles(theme => ({
  label: {
    ...captionLabel(theme),
  },
  value: {
    wordBreak: 'break-word',
  },
}));

function Field(props: { label: string; children: ReactNode; id: string }) {
  const classes = useStyles();
  return (
    <Grid
      item
      xs={12}
      sm={6}
      md={4}
      lg={2}
      role="group"
      aria-labelledby={props.id}
    >
      <Typography className={classes.label} component="div" id={props.id}>
        {props.label}
      </Typography>
      <Box className={classes.value}>{props.children}</Box>
    </Grid>
  );
}

/** Health, service(s), owner, criticality, support hours and SLA of an entity's service. */
export function ServiceHeader(props: {
  summary: EntitySummary;
  action?: ReactNode;
}) {
  const { summary } = props;
  const { t } = useItsmTranslation();
  const primary = summary.services[0];
  const slaOf = (id: string | null) => summary.slas.find(s => s.id === id);
  const slaNames = Array.from(
    new Set(
      summary.services
        .map(s => slaOf(s.slaId)?.name)
        .filter((n): n is string => !!n),
    ),
  );
  const owners = Array.from(new Set(summary.services.map(s => s.ownerRef)));

  return (
    <InfoCard
      title={summary.services.map(s => s.name).join(', ')}
      subheader={primary?.purpose ?? undefined}
      action={props.action}
    >
      <Grid container spacing={2}>
        <Field label={t('health.label')} id="itsm-header-health">
          <HealthStatus health={summary.health} />
        </Field>
        <Field
          label={t('entityContent.header.services')}
          id="itsm-header-services"
        >
          {summary.services.map(s => s.name).join(', ')}
        </Field>
        <Field label={t('entityContent.header.owner')} id="itsm-header-owner">
          {owners.map((owner, i) => (
            <span key={owner}>
              {i > 0 ? ', ' : null}
              <EntityRefLink entityRef={owner} defaultKind="group" />
            </span>
          ))}
        </Field>
        <Field
          label={t('entityContent.header.criticality')}
          id="itsm-header-criticality"
        >
          {primary
            ? t(`criticality.${primary.criticality}`)
            : t('common.unknown')}
        </Field>
        <Field
          label={t('entityContent.header.supportHours')}
          id="itsm-header-support-hours"
        >
          {primary?.supportHours ?? t('common.unknown')}
        </Field>
        <Field label={t('entityContent.header.sla')} id="itsm-header-sla">
          {slaNames.length
            ? slaNames.join(', ')
            : t('entityContent.header.noSla')}
        </Field>
      </Grid>
    </InfoCard>
  );
}
