import { ReactNode } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid, Typography, makeStyles, useTheme } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  Incident,
  ItsmApi,
  PRIORITIES,
  Priority,
  Service,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { useItsmTranslation } from '../../hooks';

const MONTHS = 6;
const WEEKS = 8;

const useStyles = makeStyles({
  visuallyHidden: {
    border: 0,
    clip: 'rect(0 0 0 0)',
    height: 1,
    margin: -1,
    overflow: 'hidden',
    padding: 0,
    position: 'absolute',
    width: 1,
    whiteSpace: 'nowrap',
  },
});

interface MonthPoint {
  month: string;
  mttrHours: number | null;
  availability: number | null;
  target: number | null;
}

type WeekPoint = { week: string } & Record<Priority, number>;

async function listAll(api: ItsmApi, entityRef: string, from: string) {
  const items: Incident[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await api.listIncidents({
      entityRef,
      from,
      limit: 500,
      cursor,
    });
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

/** KPI series of an entity: per month (MTTR, availability) and per week (incidents). */
async function loadKpiSeries(
  api: ItsmApi,
  entityRef: string,
  service: Service | undefined,
  now: DateTime = DateTime.now(),
): Promise<{ months: MonthPoint[]; weeks: WeekPoint[] }> {
  const monthStarts = Array.from({ length: MONTHS }, (_, i) =>
    now.startOf('month').minus({ months: MONTHS - 1 - i }),
  );
  const months = await Promise.all(
    monthStarts.map(async start => {
      const month = start.toFormat('yyyy-MM');
      const [kpi, availability] = await Promise.all([
        api.getKpis({
          entityRef,
          from: start.toUTC().toISO()!,
          to: start.plus({ months: 1 }).toUTC().toISO()!,
        }),
        service?.slaId
          ? api.getAvailability(service.id, month).catch(() => undefined)
          : Promise.resolve(undefined),
      ]);
      return {
        month,
        mttrHours:
          kpi.mttr.meanMinutes === null
            ? null
            : Math.round((kpi.mttr.meanMinutes / 60) * 10) / 10,
        availability: availability
          ? Math.round(availability.availability * 1000) / 1000
          : null,
        target: availability?.target ?? null,
      };
    }),
  );

  const firstWeek = now.startOf('week').minus({ weeks: WEEKS - 1 });
  const incidents = await listAll(api, entityRef, firstWeek.toUTC().toISO()!);
  const weeks: WeekPoint[] = Array.from({ length: WEEKS }, (_, i) => ({
    week: firstWeek.plus({ weeks: i }).toISODate()!,
    P1: 0,
    P2: 0,
    P3: 0,
    P4: 0,
  }));
  for (const incident of incidents) {
    const opened = DateTime.fromISO(incident.openedAt);
    const index = Math.floor(opened.diff(firstWeek, 'weeks').weeks);
    if (index >= 0 && index < WEEKS) weeks[index][incident.priority] += 1;
  }
  return { months, weeks };
}

/** The table behind a per-month chart (for screen readers): one row per month. */
function MonthTable(props: {
  caption: string;
  months: MonthPoint[];
  value: (month: MonthPoint) => number | null;
}) {
  const { t } = useItsmTranslation();
  return (
    <table>
      <caption>{props.caption}</caption>
      <tbody>
        {props.months.map(m => (
          <tr key={m.month}>
            <th scope="row">{m.month}</th>
            <td>{props.value(m) ?? t('common.notAvailable')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ChartCard(props: {
  title: string;
  children: ReactNode;
  table: ReactNode;
}) {
  const classes = useStyles();
  return (
    <InfoCard title={props.title} noPadding={false}>
      <div aria-hidden="true">{props.children}</div>
      <div className={classes.visuallyHidden}>{props.table}</div>
    </InfoCard>
  );
}

/** MTTR trend, incidents per week by priority and availability per month (recharts). */
export function KpiCharts(props: {
  entityRef: string;
  service?: Service;
  /** Changes when the entity's records changed: the series are loaded again. */
  reloadKey?: number;
}) {
  const { entityRef, service, reloadKey } = props;
  const api = useApi(itsmApiRef);
  const theme = useTheme();
  const { t } = useItsmTranslation();
  const { loading, error, value } = useAsync(
    () => loadKpiSeries(api, entityRef, service),
    [api, entityRef, service?.id, service?.slaId, reloadKey],
  );

  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  const priorityColor: Record<Priority, string> = {
    P1: theme.palette.error.main,
    P2: theme.palette.warning.main,
    P3: theme.palette.info.main,
    P4: theme.palette.grey[500],
  };
  const axis = { fill: theme.palette.text.secondary, fontSize: 12 };
  const tooltipStyle = {
    backgroundColor: theme.palette.background.paper,
    borderColor: theme.palette.divider,
    color: theme.palette.text.primary,
  };
  const target = value.months.find(m => m.target !== null)?.target ?? null;
  const hasAvailability = value.months.some(m => m.availability !== null);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <ChartCard
          title={t('kpis.mttrTrend')}
          table={
            <MonthTable
              caption={t('kpis.mttrTrend')}
              months={value.months}
              value={m => m.mttrHours}
            />
          }
        >
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={value.months}>
              <CartesianGrid
                stroke={theme.palette.divider}
                strokeDasharray="3 3"
              />
              <XAxis dataKey="month" tick={axis} />
              <YAxis tick={axis} />
              <Tooltip contentStyle={tooltipStyle} />
              <Line
                type="monotone"
                dataKey="mttrHours"
                name={t('kpis.mttrHours')}
                stroke={theme.palette.primary.main}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </ChartCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <ChartCard
          title={t('kpis.incidentsPerWeek')}
          table={
            <table>
              <caption>{t('kpis.incidentsPerWeek')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('common.from')}</th>
                  {PRIORITIES.map(p => (
                    <th scope="col" key={p}>
                      {p}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {value.weeks.map(w => (
                  <tr key={w.week}>
                    <th scope="row">{w.week}</th>
                    {PRIORITIES.map(p => (
                      <td key={p}>{w[p]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={value.weeks}>
              <CartesianGrid
                stroke={theme.palette.divider}
                strokeDasharray="3 3"
              />
              <XAxis dataKey="week" tick={axis} />
              <YAxis allowDecimals={false} tick={axis} />
              <Tooltip contentStyle={tooltipStyle} />
              <Legend />
              {PRIORITIES.map(p => (
                <Bar
                  key={p}
                  dataKey={p}
                  stackId="priority"
                  fill={priorityColor[p]}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <ChartCard
          title={t('kpis.availabilityPerMonth')}
          table={
            <MonthTable
              caption={t('kpis.availabilityPerMonth')}
              months={value.months}
              value={m => m.availability}
            />
          }
        >
          {hasAvailability ? (
            <ResponsiveContainer width="100%" height={240}>
              <LineChart data={value.months}>
                <CartesianGrid
                  stroke={theme.palette.divider}
                  strokeDasharray="3 3"
                />
                <XAxis dataKey="month" tick={axis} />
                <YAxis
                  tick={axis}
                  domain={[
                    (min: number) =>
                      Math.floor(Math.min(min, target ?? min) - 0.1),
                    100,
                  ]}
                />
                <Tooltip contentStyle={tooltipStyle} />
                {target !== null && (
                  <ReferenceLine
                    y={target}
                    stroke={theme.palette.text.secondary}
                    strokeDasharray="4 4"
                    label={{
                      value: t('kpis.targetLine'),
                      fill: axis.fill,
                      fontSize: 12,
                    }}
                  />
                )}
                <Line
                  type="monotone"
                  dataKey="availability"
                  name={t('kpis.availabilityPercent')}
                  stroke={theme.palette.success.main}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
          ) : (
            <Typography>{t('kpis.noData')}</Typography>
          )}
        </ChartCard>
      </Grid>
    </Grid>
  );
}
