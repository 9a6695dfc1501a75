import { useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Grid } from '@material-ui/core';
import { NoServiceEmptyState } from './NoServiceEmptyState';
import { ServiceHeader } from './ServiceHeader';
import { OpenIncidentsCard } from './OpenIncidentsCard';
import { SlaCard } from './SlaCard';
import { ProblemsCard } from './ProblemsCard';
import { KpiCharts } from './KpiCharts';
import { ChangeTimeline } from './ChangeTimeline';
import { IncidentTable } from '../incidents/IncidentTable';
import {
  useEntitySummary,
  useItsmTranslation,
  useLinkedIncidentNumber,
} from '../../hooks';
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
  // Bumped whenever a record of the entity changed here, so that the parts that load their own
  // data (history, availability, KPI series) load again along with the summary.
  const [reloadKey, setReloadKey] = useState(0);
  // `?incident=` from a notification or a search result: highlighted and searched for.
  const linkedIncident = useLinkedIncidentNumber(summary?.openIncidents);
  const refresh = () => {
    retry();
    setReloadKey(k => k + 1);
  };

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
              onCreated={refresh}
            />
          }
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <SlaCard
          service={primary}
          sla={sla}
          kpis={summary.kpis}
          reloadKey={reloadKey}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <ProblemsCard problems={summary.openProblems} />
      </Grid>
      <Grid item xs={12}>
        <OpenIncidentsCard
          incidents={summary.openIncidents}
          onChanged={refresh}
          highlight={linkedIncident}
        />
      </Grid>
      <Grid item xs={12}>
        <IncidentTable
          title={t('incidentHistory.title')}
          params={{ entityRef }}
          reloadKey={reloadKey}
          search={linkedIncident}
          idPrefix="itsm-entity-history"
        />
      </Grid>
      <Grid item xs={12}>
        <KpiCharts
          entityRef={entityRef}
          service={primary}
          reloadKey={reloadKey}
        />
      </Grid>
      <Grid item xs={12}>
        <ChangeTimeline
          upcoming={summary.nextChanges}
          ongoing={summary.ongoingChanges}
          recent={summary.recentChanges}
          onChanged={refresh}
        />
      </Grid>
    </Grid>
  );
}
