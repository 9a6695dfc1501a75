import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Grid } from '@material-ui/core';
import { useEntitySummary } from './useEntitySummary';
import { NoServiceEmptyState } from './NoServiceEmptyState';
import { ServiceHeader } from './ServiceHeader';
import { OpenIncidentsCard } from './OpenIncidentsCard';

/**
 * The ITSM tab of a catalog entity: service header, SLA, open incidents, incident history,
 * problems, KPIs and changes.
 *
 * @public
 */
export function EntityItsmContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { loading, error, value: summary, retry } = useEntitySummary(entityRef);

  if (loading && !summary) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!summary || summary.services.length === 0) {
    return <NoServiceEmptyState entity={entity} onRegistered={retry} />;
  }

  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <ServiceHeader summary={summary} />
      </Grid>
      <Grid item xs={12}>
        <OpenIncidentsCard incidents={summary.openIncidents} onChanged={retry} />
      </Grid>
    </Grid>
  );
}
