import { ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, TextField } from '@material-ui/core';
import useDebounce from 'react-use/esm/useDebounce';
import {
  INCIDENT_STATES,
  Incident,
  IncidentState,
  ListIncidentsParams,
  PRIORITIES,
  Priority,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { formatDateTime } from '../../utils';
import { FilterSelect } from '../shared';
import { incidentColumns } from './incidentColumns';
import { useCursorPagedData, useItsmTranslation } from '../../hooks';

/**
 * Incidents with state / priority filters and a search box, paginated on the server
 * (`limit` + `cursor`, `totalCount`).
 */
export function IncidentTable(props: {
  title: string;
  /** Fixed filters, e.g. `{ entityRef }` or `{ assigneeRef }`. */
  params?: ListIncidentsParams;
  showEntity?: boolean;
  /** Bump to reload. */
  reloadKey?: number;
  /** Extra controls next to the filters. */
  toolbar?: ReactNode;
  /** Renders row actions (e.g. "Work"). */
  actions?: (incident: Incident) => ReactNode;
  idPrefix?: string;
  /** A search to put into the search box, e.g. the incident number of a deep link. */
  search?: string;
}) {
  const {
    params,
    showEntity,
    reloadKey,
    actions,
    idPrefix = 'itsm-incidents',
  } = props;
  const api = useApi(itsmApiRef);
  const { t } = useItsmTranslation();
  const [state, setState] = useState<IncidentState | ''>('');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [search, setSearch] = useState(props.search ?? '');
  const [q, setQ] = useState(props.search ?? '');
  useDebounce(() => setQ(search.trim()), 400, [search]);
  useEffect(() => {
    if (props.search) setSearch(props.search);
  }, [props.search]);

  const paramsKey = JSON.stringify(params ?? {});
  const fetchPage = useCallback(
    (args: { limit: number; cursor?: string }) =>
      api.listIncidents({
        ...(JSON.parse(paramsKey) as ListIncidentsParams),
        state: state || undefined,
        priority: priority || undefined,
        q: q || undefined,
        sort: 'openedAt',
        order: 'desc',
        ...args,
      }),
    [api, paramsKey, state, priority, q],
  );
  const data = useCursorPagedData<Incident>(fetchPage);

  const columns = useMemo(() => {
    const cols: TableColumn<Incident>[] = [
      ...incidentColumns(t),
      {
        title: t('incidentTable.supportLevel'),
        field: 'supportLevel',
      },
      {
        title: t('incidentTable.opened'),
        field: 'openedAt',
        render: row => formatDateTime(row.openedAt),
      },
    ];
    if (showEntity) {
      cols.splice(2, 0, {
        title: t('incidentTable.entity'),
        field: 'entityRef',
        render: row => <EntityRefLink entityRef={row.entityRef} />,
      });
    }
    if (actions) {
      cols.push({
        title: t('common.actions'),
        field: 'id',
        render: row => actions(row),
      });
    }
    return cols;
  }, [t, showEntity, actions]);

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="flex-end"
        mb={1}
        style={{ gap: 16 }}
      >
        <FilterSelect
          id={`${idPrefix}-state`}
          label={t('incidentHistory.stateFilter')}
          options={INCIDENT_STATES}
          value={state}
          optionLabel={s => t(`incidentState.${s}`)}
          onChange={setState}
          minWidth={150}
        />
        <FilterSelect
          id={`${idPrefix}-priority`}
          label={t('incidentHistory.priorityFilter')}
          options={PRIORITIES}
          value={priority}
          optionLabel={p => t(`priority.${p}`)}
          onChange={setPriority}
          minWidth={150}
        />
        <TextField
          id={`${idPrefix}-search`}
          type="search"
          label={t('incidentHistory.searchLabel')}
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
        {props.toolbar}
      </Box>
      <Table<Incident>
        key={`${paramsKey}|${state}|${priority}|${q}|${reloadKey ?? 0}`}
        title={props.title}
        columns={columns}
        data={data}
        options={{
          // Column dragging nests a focusable handle in the sort button (axe: nested-interactive).
          draggable: false,
          search: false,
          pageSize: 10,
          pageSizeOptions: [10, 25, 50],
          showFirstLastPageButtons: false,
          padding: 'dense',
          sorting: false,
        }}
        localization={{
          body: { emptyDataSourceMessage: t('incidentHistory.empty') },
        }}
      />
    </>
  );
}
