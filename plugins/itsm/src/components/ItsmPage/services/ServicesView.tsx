import { useCallback, useMemo, useState } from 'react';
import {
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Grid, TextField, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Health,
  healthFromIncidents,
  itsmServiceCreatePermission,
  itsmSlaAdminPermission,
  OPEN_INCIDENT_STATES,
  Service,
  SERVICE_CATEGORIES,
  SERVICE_LIFECYCLES,
  ServiceCategory,
  ServiceLifecycle,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../../api';
import { currentMonth, formatPercent } from '../../../utils';
import { FilterBar, FilterSelect, HealthStatus } from '../../shared';
import { useCursorPagedData, useItsmTranslation } from '../../../hooks';
import { RegisterServiceDialog } from '../../forms/RegisterServiceDialog';
import { SlaDialog } from '../../forms/SlaDialog';

/** This month's availability of a service against its SLA target. */
function ServiceSlaStatus(props: { service: Service }) {
  const api = useApi(itsmApiRef);
  const { t } = useItsmTranslation();
  const { service } = props;
  const { value, error, loading } = useAsync(
    async () =>
      service.slaId
        ? api.getAvailability(service.id, currentMonth())
        : undefined,
    [api, service.id, service.slaId],
  );
  if (!service.slaId) return <>{t('entityContent.header.noSla')}</>;
  if (loading) return <>{t('common.loading')}</>;
  if (error || !value) return <>{t('common.notAvailable')}</>;
  const args = {
    availability: formatPercent(value.availability, 3).replace(' %', ''),
    target: String(value.target),
  };
  return value.met ? (
    <StatusOK>{t('services.slaMet', args)}</StatusOK>
  ) : (
    <StatusError>{t('services.slaMissed', args)}</StatusError>
  );
}

/** The service catalog: all services with health, SLA status, owner and criticality. */
export function ServicesView() {
  const api = useApi(itsmApiRef);
  const { t } = useItsmTranslation();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<ServiceCategory | ''>('');
  const [lifecycle, setLifecycle] = useState<ServiceLifecycle | ''>('');
  const [reload, setReload] = useState(0);
  const [registering, setRegistering] = useState(false);
  const [definingSla, setDefiningSla] = useState(false);
  const canRegister = usePermission({
    permission: itsmServiceCreatePermission,
  }).allowed;
  const canDefineSla = usePermission({
    permission: itsmSlaAdminPermission,
  }).allowed;
  useDebounce(() => setQ(search.trim()), 400, [search]);

  // One call for the health of every service: its open incidents.
  const { value: healthByService } = useAsync(async () => {
    const open = await api.listIncidents({
      state: OPEN_INCIDENT_STATES,
      limit: 500,
    });
    const byService = new Map<string, typeof open.items>();
    for (const incident of open.items) {
      if (!incident.serviceId) continue;
      byService.set(incident.serviceId, [
        ...(byService.get(incident.serviceId) ?? []),
        incident,
      ]);
    }
    return (id: string): Health => healthFromIncidents(byService.get(id) ?? []);
  }, [api, reload]);

  const fetchPage = useCallback(
    (args: { limit: number; cursor?: string }) =>
      api.listServices({
        q: q || undefined,
        category: category || undefined,
        lifecycle: lifecycle || undefined,
        sort: 'name',
        order: 'asc',
        ...args,
      }),
    [api, q, category, lifecycle],
  );
  const data = useCursorPagedData<Service>(fetchPage);

  const columns: TableColumn<Service>[] = useMemo(
    () => [
      {
        title: t('services.name'),
        field: 'name',
        render: row => (
          <>
            <Typography variant="body2">{row.name}</Typography>
            <EntityRefLink entityRef={row.entityRef} />
          </>
        ),
      },
      {
        title: t('services.health'),
        field: 'id',
        render: row =>
          healthByService ? (
            <HealthStatus health={healthByService(row.id)} />
          ) : (
            t('common.loading')
          ),
      },
      {
        title: t('services.slaStatus'),
        field: 'slaId',
        render: row => <ServiceSlaStatus service={row} />,
      },
      {
        title: t('services.owner'),
        field: 'ownerRef',
        render: row => (
          <EntityRefLink entityRef={row.ownerRef} defaultKind="group" />
        ),
      },
      {
        title: t('services.criticality'),
        field: 'criticality',
        render: row => t(`criticality.${row.criticality}`),
      },
      {
        title: t('services.category'),
        field: 'category',
        render: row => t(`category.${row.category}`),
      },
      {
        title: t('services.lifecycle'),
        field: 'lifecycle',
        render: row => t(`lifecycle.${row.lifecycle}`),
      },
    ],
    [t, healthByService],
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <FilterBar>
          <TextField
            id="itsm-services-search"
            label={t('services.search')}
            value={search}
            onChange={e => setSearch(e.target.value)}
            type="search"
          />
          <FilterSelect
            id="itsm-services-category"
            label={t('services.category')}
            options={SERVICE_CATEGORIES}
            value={category}
            optionLabel={c => t(`category.${c}`)}
            onChange={setCategory}
          />
          <FilterSelect
            id="itsm-services-lifecycle"
            label={t('services.lifecycle')}
            options={SERVICE_LIFECYCLES}
            value={lifecycle}
            optionLabel={l => t(`lifecycle.${l}`)}
            onChange={setLifecycle}
          />
          <Box flexGrow={1} />
          {canDefineSla && (
            <Button variant="outlined" onClick={() => setDefiningSla(true)}>
              {t('services.defineSla')}
            </Button>
          )}
          {canRegister && (
            <Button
              variant="contained"
              color="primary"
              onClick={() => setRegistering(true)}
            >
              {t('services.register')}
            </Button>
          )}
        </FilterBar>
      </Grid>
      <Grid item xs={12}>
        <Table<Service>
          key={`${q}|${category}|${lifecycle}|${reload}`}
          title={t('services.title')}
          columns={columns}
          data={data}
          options={{
            // Column dragging nests a focusable handle in the sort button (axe: nested-interactive).
            draggable: false,
            search: false,
            pageSize: 20,
            pageSizeOptions: [20, 50, 100],
            showFirstLastPageButtons: false,
            padding: 'dense',
          }}
          localization={{
            body: { emptyDataSourceMessage: t('services.empty') },
          }}
        />
      </Grid>
      {registering && (
        <RegisterServiceDialog
          open
          onClose={() => setRegistering(false)}
          onCreated={() => {
            setRegistering(false);
            setReload(r => r + 1);
          }}
        />
      )}
      {definingSla && (
        <SlaDialog
          open
          onClose={() => setDefiningSla(false)}
          onCreated={() => setDefiningSla(false)}
        />
      )}
    </Grid>
  );
}
