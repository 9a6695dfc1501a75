import { useCallback, useEffect, useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Typography, useTheme } from '@material-ui/core';
import {
  Incident,
  itsmIncidentUpdatePermission,
  OPEN_INCIDENT_STATES,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { ApiErrorAlert, SlaCountdown } from '../shared';
import { incidentColumns } from '../incidents/incidentColumns';
import { useItsmTranslation } from '../../hooks';
import { WorkIncidentDialog } from '../forms/WorkIncidentDialog';

function IncidentActions(props: {
  incident: Incident;
  busy: boolean;
  onAcknowledge: (incident: Incident) => void;
  onWork: (incident: Incident) => void;
}) {
  const { incident } = props;
  const { t } = useItsmTranslation();
  const { allowed } = usePermission({
    permission: itsmIncidentUpdatePermission,
    resourceRef: incident.id,
  });
  if (!allowed) return null;
  return (
    <Box display="flex" style={{ gap: 8 }}>
      {incident.state === 'new' && (
        <Button
          size="small"
          variant="contained"
          color="primary"
          disabled={props.busy}
          aria-label={t('openIncidents.acknowledgeAria', {
            number: incident.number,
          })}
          onClick={() => props.onAcknowledge(incident)}
        >
          {t('openIncidents.acknowledge')}
        </Button>
      )}
      <Button
        size="small"
        variant="outlined"
        disabled={props.busy}
        aria-label={t('openIncidents.workAria', { number: incident.number })}
        onClick={() => props.onWork(incident)}
      >
        {t('openIncidents.work')}
      </Button>
    </Box>
  );
}

/**
 * The open incidents of an entity (from the entity summary, which carries their SLA clocks)
 * with live SLA countdowns, acknowledge and work actions.
 */
export function OpenIncidentsCard(props: {
  incidents: Incident[];
  /** Called after an incident changed (the parent reloads the summary). */
  onChanged?: () => void;
  /** The number of an incident to highlight (a deep link's `?incident=`). */
  highlight?: string;
}) {
  const { incidents, onChanged, highlight } = props;
  const theme = useTheme();
  const api = useApi(itsmApiRef);
  const { t } = useItsmTranslation();
  const [rows, setRows] = useState<Incident[]>(incidents);
  const [busyId, setBusyId] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  const [working, setWorking] = useState<Incident>();

  useEffect(() => setRows(incidents), [incidents]);

  const replace = useCallback((updated: Incident) => {
    setRows(current =>
      current
        .map(row =>
          row.id === updated.id
            ? { ...updated, sla: updated.sla ?? row.sla }
            : row,
        )
        .filter(row => OPEN_INCIDENT_STATES.includes(row.state)),
    );
  }, []);

  const acknowledge = useCallback(
    async (incident: Incident) => {
      setBusyId(incident.id);
      setActionError(undefined);
      try {
        const updated = await api.transitionIncident(incident.id, {
          to: 'in_progress',
          version: incident.version,
        });
        replace(updated);
      } catch (e) {
        setActionError(e);
      } finally {
        setBusyId(undefined);
        onChanged?.();
      }
    },
    [api, replace, onChanged],
  );

  const columns: TableColumn<Incident>[] = [
    ...incidentColumns(t),
    {
      title: t('incidentTable.sla'),
      field: 'sla',
      sorting: false,
      render: row => <SlaCountdown clock={row.sla?.resolution} />,
    },
    {
      title: t('common.actions'),
      field: 'id',
      sorting: false,
      // The buttons keep their labels on one line (German ones are longer).
      cellStyle: { whiteSpace: 'nowrap', minWidth: 220 },
      render: row => (
        <IncidentActions
          incident={row}
          busy={busyId === row.id}
          onAcknowledge={acknowledge}
          onWork={setWorking}
        />
      ),
    },
  ];

  return (
    <>
      {actionError ? (
        <Box mb={1}>
          <ApiErrorAlert
            error={actionError}
            onClose={() => setActionError(undefined)}
          />
        </Box>
      ) : null}
      <Table<Incident>
        title={t('openIncidents.title')}
        // No column dragging: its handle nests inside the sort button (axe: nested-interactive).
        options={{
          paging: false,
          search: false,
          padding: 'dense',
          draggable: false,
          rowStyle: (row: Incident) =>
            row.number === highlight
              ? { backgroundColor: theme.palette.action.selected }
              : {},
        }}
        columns={columns}
        data={rows}
        emptyContent={
          <Box p={2}>
            <Typography>{t('openIncidents.empty')}</Typography>
          </Box>
        }
      />
      {working && (
        <WorkIncidentDialog
          open
          incident={working}
          onClose={() => setWorking(undefined)}
          onUpdated={updated => {
            replace(updated);
            setWorking(updated);
            onChanged?.();
          }}
        />
      )}
    </>
  );
}
