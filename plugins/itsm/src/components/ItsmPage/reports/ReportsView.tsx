import { ReactNode, useEffect, useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Grid,
  List,
  ListItem,
  MenuItem,
  Table as MuiTable,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { DateTime } from 'luxon';
import { KpiReport, PRIORITIES } from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../../api';
import { FilterBar, PriorityChip, WrappingListItemText } from '../../shared';
import { formatDuration, formatPercent } from '../../../utils';
import { useItsmTranslation } from '../../../hooks';

type Period = '7' | '30' | '90' | 'custom';

function Tile(props: { label: string; value: ReactNode; id: string }) {
  return (
    <Grid item xs={6} sm={4} md={3}>
      <InfoCard>
        <div role="group" aria-labelledby={props.id}>
          <Typography variant="body2" color="textSecondary" id={props.id}>
            {props.label}
          </Typography>
          <Typography variant="h5" component="p">
            {props.value}
          </Typography>
        </div>
      </InfoCard>
    </Grid>
  );
}

/** The headline numbers above the tables: id suffix, translation key under `reports.`, value. */
function summaryTiles(report: KpiReport) {
  return [
    { id: 'total', label: 'incidentsTotal', value: report.incidents.total },
    {
      id: 'mtta',
      label: 'mtta',
      value: formatDuration(report.mtta.meanMinutes),
    },
    {
      id: 'mttr',
      label: 'mttr',
      value: formatDuration(report.mttr.meanMinutes),
    },
    {
      id: 'response',
      label: 'responseSla',
      value: formatPercent(report.slaFulfilment.responsePercent, 1),
    },
    {
      id: 'resolution',
      label: 'resolutionSla',
      value: formatPercent(report.slaFulfilment.resolutionPercent, 1),
    },
    { id: 'backlog', label: 'backlog', value: report.backlog.open },
    {
      id: 'changes',
      label: 'changeSuccess',
      value: formatPercent(report.changes.successRatePercent, 1),
    },
    {
      id: 'fcr',
      label: 'fcr',
      value: formatPercent(report.firstContactResolutionPercent, 1),
    },
    {
      id: 'monitoring',
      label: 'monitoring',
      value: formatPercent(report.detection.monitoringPercent, 1),
    },
  ] as const;
}

function csvCell(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The KPI report as CSV rows (metric, value): one line per number, machine readable. */
export function kpiReportToCsv(report: KpiReport, owner: string): string {
  const rows: Array<[string, string | number | null]> = [
    ['owner', owner],
    ['from', report.from],
    ['to', report.to],
    ['incidents.total', report.incidents.total],
    ...PRIORITIES.map(
      p =>
        [`incidents.byPriority.${p}`, report.incidents.byPriority[p]] as [
          string,
          number,
        ],
    ),
    ...Object.entries(report.incidents.byState).map(
      ([state, n]) => [`incidents.byState.${state}`, n] as [string, number],
    ),
    ['mtta.meanMinutes', report.mtta.meanMinutes],
    ['mtta.medianMinutes', report.mtta.medianMinutes],
    ['mttr.meanMinutes', report.mttr.meanMinutes],
    ['mttr.medianMinutes', report.mttr.medianMinutes],
    ...PRIORITIES.map(
      p =>
        [
          `mttr.byPriority.${p}.meanMinutes`,
          report.mttr.byPriority[p]?.meanMinutes ?? null,
        ] as [string, number | null],
    ),
    ['slaFulfilment.responsePercent', report.slaFulfilment.responsePercent],
    ['slaFulfilment.resolutionPercent', report.slaFulfilment.resolutionPercent],
    ['slaFulfilment.measured', report.slaFulfilment.measured],
    ['backlog.open', report.backlog.open],
    ['backlog.oldestAgeMinutes', report.backlog.oldestAgeMinutes],
    ['backlog.meanAgeMinutes', report.backlog.meanAgeMinutes],
    ['detection.monitoring', report.detection.monitoring],
    ['detection.people', report.detection.people],
    ['detection.monitoringPercent', report.detection.monitoringPercent],
    ['firstContactResolutionPercent', report.firstContactResolutionPercent],
    ['changes.total', report.changes.total],
    ['changes.completed', report.changes.completed],
    ['changes.successRatePercent', report.changes.successRatePercent],
    ['changes.failureRatePercent', report.changes.failureRatePercent],
    ...report.recurring.map(
      r => [`recurring.${r.problemNumber}`, r.incidents] as [string, number],
    ),
  ];
  return [
    'metric,value',
    ...rows.map(([k, v]) => `${csvCell(k)},${csvCell(v)}`),
  ].join('\n');
}

function download(filename: string, content: string) {
  const blob = new Blob([content], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** KPIs of an owner group over a chosen window (`GET /kpis?owner&from&to`), CSV export. */
export function ReportsView() {
  const api = useApi(itsmApiRef);
  const identityApi = useApi(identityApiRef);
  const { t } = useItsmTranslation();
  const [ownerInput, setOwnerInput] = useState('');
  const [owner, setOwner] = useState('');
  const [period, setPeriod] = useState<Period>('30');
  const [customFrom, setCustomFrom] = useState(
    DateTime.now().minus({ days: 30 }).toISODate()!,
  );
  const [customTo, setCustomTo] = useState(DateTime.now().toISODate()!);
  useDebounce(() => setOwner(ownerInput.trim()), 400, [ownerInput]);

  // Default to the first of the user's groups that owns a service: a group such as the CAB owns
  // none, and its report would start empty. Without such a group, the report covers all services.
  const [defaultResolved, setDefaultResolved] = useState(false);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const identity = await identityApi.getBackstageIdentity();
      const groups = identity.ownershipEntityRefs.filter(r =>
        r.startsWith('group:'),
      );
      for (const group of groups) {
        const page = await api.listServices({ owner: group, limit: 1 });
        if (cancelled) return;
        if (page.items.length > 0) {
          setOwnerInput(current => current || group);
          setOwner(current => current || group);
          break;
        }
      }
    })()
      .catch(() => undefined) // no default then; the report covers all services
      .finally(() => {
        if (!cancelled) setDefaultResolved(true);
      });
    return () => {
      cancelled = true;
    };
  }, [api, identityApi]);

  const range =
    period === 'custom'
      ? {
          from: DateTime.fromISO(customFrom).startOf('day'),
          to: DateTime.fromISO(customTo).endOf('day'),
        }
      : {
          from: DateTime.now()
            .startOf('day')
            .minus({ days: Number(period) }),
          to: DateTime.now().endOf('day'),
        };
  const from = range.from.isValid ? range.from.toUTC().toISO()! : undefined;
  const to = range.to.isValid ? range.to.toUTC().toISO()! : undefined;

  const {
    loading,
    error,
    value: report,
  } = useAsync(
    async () =>
      defaultResolved
        ? api.getKpis({ owner: owner || undefined, from, to })
        : undefined,
    [api, defaultResolved, owner, from?.slice(0, 13), to?.slice(0, 13)],
  );

  const exportCsv = () => {
    if (!report) return;
    const name = (owner || 'all').replace(/[^A-Za-z0-9_-]+/g, '_');
    download(
      `itsm-kpis-${name}-${range.from.toISODate()}-${range.to.toISODate()}.csv`,
      kpiReportToCsv(report, owner || 'all'),
    );
  };

  return (
    <>
      <FilterBar>
        <TextField
          id="itsm-reports-owner"
          label={t('reports.owner')}
          helperText={t('reports.ownerHelp')}
          value={ownerInput}
          onChange={e => setOwnerInput(e.target.value)}
          style={{ minWidth: 280 }}
        />
        <TextField
          select
          id="itsm-reports-window"
          label={t('reports.window')}
          value={period}
          onChange={e => setPeriod(e.target.value as Period)}
          style={{ minWidth: 160 }}
        >
          <MenuItem value="7">{t('reports.last7')}</MenuItem>
          <MenuItem value="30">{t('reports.last30')}</MenuItem>
          <MenuItem value="90">{t('reports.last90')}</MenuItem>
          <MenuItem value="custom">{t('reports.custom')}</MenuItem>
        </TextField>
        {period === 'custom' && (
          <>
            <TextField
              id="itsm-reports-from"
              type="date"
              label={t('common.from')}
              value={customFrom}
              InputLabelProps={{ shrink: true }}
              onChange={e => setCustomFrom(e.target.value)}
            />
            <TextField
              id="itsm-reports-to"
              type="date"
              label={t('common.to')}
              value={customTo}
              InputLabelProps={{ shrink: true }}
              onChange={e => setCustomTo(e.target.value)}
            />
          </>
        )}
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          startIcon={<GetAppIcon />}
          disabled={!report}
          onClick={exportCsv}
        >
          {t('reports.exportCsv')}
        </Button>
      </FilterBar>
      {error && <ResponseErrorPanel error={error} />}
      {(loading || !defaultResolved) && <Progress />}
      {defaultResolved && !owner && !loading && (
        <Typography color="textSecondary" paragraph>
          {t('reports.allServices')}
        </Typography>
      )}
      {report && !loading && (
        <Grid container spacing={2}>
          {summaryTiles(report).map(tile => (
            <Tile
              key={tile.id}
              id={`itsm-r-${tile.id}`}
              label={t(`reports.${tile.label}`)}
              value={tile.value}
            />
          ))}
          <Grid item xs={12} md={6}>
            <InfoCard title={t('reports.byPriority')}>
              <MuiTable size="small" aria-label={t('reports.byPriority')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('priority.label')}</TableCell>
                    <TableCell align="right">
                      {t('reports.incidentsTotal')}
                    </TableCell>
                    <TableCell align="right">{t('reports.mttr')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {PRIORITIES.map(p => (
                    <TableRow key={p}>
                      <TableCell>
                        <PriorityChip priority={p} />
                      </TableCell>
                      <TableCell align="right">
                        {report.incidents.byPriority[p]}
                      </TableCell>
                      <TableCell align="right">
                        {formatDuration(report.mttr.byPriority[p]?.meanMinutes)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </MuiTable>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title={t('reports.recurring')}>
              {report.recurring.length === 0 ? (
                <Typography>{t('reports.noRecurring')}</Typography>
              ) : (
                <List dense>
                  {report.recurring.map(r => (
                    <ListItem key={r.problemId} disableGutters>
                      <WrappingListItemText
                        primary={`${r.problemNumber} · ${r.title}`}
                        secondary={t('problems.incidents', {
                          linked: String(r.incidents),
                        })}
                      />
                    </ListItem>
                  ))}
                </List>
              )}
            </InfoCard>
          </Grid>
        </Grid>
      )}
    </>
  );
}
