import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Grid } from '@material-ui/core';
import { useEntitySummary } from './useEntitySummary';
import { NoServiceEmptyState } from './NoServiceEmptyState';
import { ServiceHeader } from './ServiceHeader';
import { OpenIncidentsCard } from './OpenIncidentsCard';
import { SlaCard } from './SlaCard';
import { ProblemsCard } from './ProblemsCard';
import { KpiCharts } from './KpiCharts';
import { ChangeTimeline } from './ChangeTimeline';
import { IncidentTable } from '../incidents/IncidentTable';
import { useItsmTranslation } from '../shared';
import { EntityActions } from './EntityActions';

/**
 * The ITSM tab of a catalog entity: service header, SLA, open incidents, incident history,
 * problems, KPIs and changes.
 *
 * @public
 */
export function EntityItsmContent() {
  const { entity } = useEntity();
  const { t } = useItsmTranslation();
  const entityRef = stringifyEntityRef(entity);
  const { loading, error, value: summary, retry } = useEntitySummary(entityRef);
  const [historyKey, setHistoryKey] = useState(0);

  if (loading && !summary) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!summary || summary.services.length === 0) {
    return <NoServiceEmptyState entity={entity} onRegistered={retry} />;
  }

  const primary = summary.services[0];
  const sla = summary.slas.find(s => s.id === primary.slaId);

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <ServiceHeader
          summary={summary}
          action={
            <EntityActions
              entityRef={entityRef}
              criticality={primary.criticality}
              onCreated={() => {
                retry();
                setHistoryKey(k => k + 1);
              }}
            />
          }
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <SlaCard service={primary} sla={sla} kpis={summary.kpis} />
      </Grid>
      <Grid item xs={12} md={6}>
        <ProblemsCard problems={summary.openProblems} />
      </Grid>
      <Grid item xs={12}>
        <OpenIncidentsCard incidents={summary.openIncidents} onChanged={retry} />
      </Grid>
      <Grid item xs={12}>
        <IncidentTable
          title={t('incidentHistory.title')}
          params={{ entityRef }}
          reloadKey={historyKey}
          idPrefix="itsm-entity-history"
        />
      </Grid>
      <Grid item xs={12}>
        <KpiCharts entityRef={entityRef} service={primary} />
      </Grid>
      <Grid item xs={12}>
        <ChangeTimeline
          upcoming={summary.nextChanges}
          ongoing={summary.ongoingChanges}
          recent={summary.recentChanges}
          onChanged={retry}
        />
      </Grid>
    </Grid>
  );
}
