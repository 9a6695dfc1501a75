import { useMemo, useState } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  IconButton,
  Paper,
  Tooltip,
  Typography,
  makeStyles,
  Theme,
} from '@material-ui/core';
import { alpha } from '@material-ui/core/styles';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import ChevronLeftIcon from '@material-ui/icons/ChevronLeft';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import WarningIcon from '@material-ui/icons/Warning';
import AcUnitIcon from '@material-ui/icons/AcUnit';
import useAsync from 'react-use/esm/useAsync';
import { DateTime, Interval } from 'luxon';
import {
  Change,
  RiskLevel,
  WEEKDAYS,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../../api';
import { formatDateTime } from '../../../utils';
import { useItsmTranslation } from '../../../hooks';

type View = 'month' | 'week';
type FreezeWindow = { name: string; start: string; end: string };

const MAX_PER_DAY = 3;

function riskColor(theme: Theme, level: RiskLevel | null | undefined) {
  if (level === 'high') return theme.palette.error.main;
  if (level === 'medium') return theme.palette.warning.main;
  if (level === 'low') return theme.palette.success.main;
  return theme.palette.grey[500];
}

const useStyles = makeStyles(theme => ({
  table: {
    width: '100%',
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    '& th': {
      ...theme.typography.caption,
      // text.secondary on the page background misses AA (4.47:1) at caption size.
      color: theme.palette.text.primary,
      textTransform: 'uppercase',
      fontWeight: 'bold',
      padding: theme.spacing(0.5),
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
    },
  },
  cell: {
    border: `1px solid ${theme.palette.divider}`,
    verticalAlign: 'top',
    padding: theme.spacing(0.5),
    height: 110,
  },
  weekCell: { height: 320 },
  // Days of the neighbouring months: a shaded cell, not greyed-out text (which misses AA contrast).
  outside: {
    backgroundColor: theme.palette.action.hover,
    '& $dayNumber': { fontWeight: 'normal' },
  },
  surface: { padding: theme.spacing(2) },
  today: { boxShadow: `inset 0 0 0 2px ${theme.palette.primary.main}` },
  freeze: {
    backgroundColor: alpha(theme.palette.info.main, 0.12),
    backgroundImage: `repeating-linear-gradient(45deg, transparent, transparent 6px, ${alpha(
      theme.palette.info.main,
      0.08,
    )} 6px, ${alpha(theme.palette.info.main, 0.08)} 12px)`,
  },
  freezeLabel: {
    display: 'flex',
    alignItems: 'center',
    gap: 2,
    fontSize: '0.7rem',
    color: theme.palette.text.primary,
  },
  dayNumber: { fontWeight: 'bold', fontSize: '0.8rem' },
  change: {
    display: 'flex',
    alignItems: 'center',
    gap: 2,
    width: '100%',
    textAlign: 'left',
    margin: '2px 0',
    padding: '1px 4px',
    fontSize: '0.72rem',
    lineHeight: 1.3,
    borderRadius: 3,
    border: `1px solid ${theme.palette.divider}`,
    background: theme.palette.background.paper,
    color: theme.palette.text.primary,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
    cursor: 'default',
  },
  conflict: { borderColor: theme.palette.error.main },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'center',
    marginTop: theme.spacing(1),
  },
  swatch: {
    display: 'inline-block',
    width: 14,
    height: 14,
    marginRight: 4,
    verticalAlign: 'middle',
    border: `1px solid ${theme.palette.divider}`,
  },
}));

/** The visible days of a month (full Monday-based weeks) or a week. */
export function calendarRange(anchor: DateTime, view: View) {
  const start =
    view === 'month'
      ? anchor.startOf('month').startOf('week')
      : anchor.startOf('week');
  const end =
    view === 'month'
      ? anchor.endOf('month').endOf('week').plus({ millisecond: 1 })
      : anchor.endOf('week').plus({ millisecond: 1 });
  const days: DateTime[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) days.push(d);
  return { start, end, days };
}

function overlapsDay(startIso: string, endIso: string | null, day: DateTime) {
  const start = DateTime.fromISO(startIso);
  const end = endIso ? DateTime.fromISO(endIso) : start;
  const dayInterval = Interval.fromDateTimes(day, day.plus({ days: 1 }));
  return start < dayInterval.end! && end >= dayInterval.start!;
}

function ChangeEntry(props: { change: Change }) {
  const { change } = props;
  const classes = useStyles();
  const { t } = useItsmTranslation();
  const conflicts = change.conflicts ?? [];
  const level = change.riskAssessment?.level ?? change.risk;
  const tooltip = (
    <>
      <div>
        <strong>
          {change.number} · {change.title}
        </strong>
      </div>
      <div>
        {t(`changeState.${change.state}`)} · {t(`changeType.${change.type}`)}
        {level ? ` · ${t(`risk.${level}`)}` : ''}
      </div>
      <div>
        {formatDateTime(change.plannedStart)} –{' '}
        {formatDateTime(change.plannedEnd)}
      </div>
      {conflicts.map((c, i) => (
        <div key={i}>⚠ {c.message}</div>
      ))}
    </>
  );
  return (
    <Tooltip title={tooltip}>
      <button
        type="button"
        className={`${classes.change} ${
          conflicts.length ? classes.conflict : ''
        }`}
        data-testid={`calendar-change-${change.number}`}
        data-risk={level ?? 'unknown'}
        aria-label={`${change.number} ${change.title}, ${t(
          `changeState.${change.state}`,
        )}${conflicts.length ? `, ${t('calendar.conflict')}` : ''}`}
      >
        <RiskBar level={level} />
        {conflicts.length > 0 && (
          <WarningIcon style={{ fontSize: 14 }} color="error" aria-hidden />
        )}
        {change.number} {change.title}
      </button>
    </Tooltip>
  );
}

const useRiskStyles = makeStyles<
  Theme,
  { level: RiskLevel | null | undefined }
>(theme => ({
  bar: ({ level }) => ({
    display: 'inline-block',
    alignSelf: 'stretch',
    width: 4,
    minWidth: 4,
    marginLeft: -4,
    marginRight: 2,
    backgroundColor: riskColor(theme, level),
  }),
  fill: ({ level }) => ({ backgroundColor: riskColor(theme, level) }),
}));

function RiskBar(props: { level: RiskLevel | null | undefined }) {
  const classes = useRiskStyles({ level: props.level });
  return <span className={classes.bar} aria-hidden />;
}

/**
 * Month / week calendar of planned changes (`GET /changes/calendar`): freeze windows are
 * shaded, changes with conflicts are outlined and flagged, risk is the left bar's colour.
 */
export function ChangeCalendarView(props: {
  entityRef?: string;
  initialDate?: string;
}) {
  const api = useApi(itsmApiRef);
  const classes = useStyles();
  const { t } = useItsmTranslation();
  const [view, setView] = useState<View>('month');
  const [anchor, setAnchor] = useState(() =>
    props.initialDate ? DateTime.fromISO(props.initialDate) : DateTime.now(),
  );
  const range = useMemo(() => calendarRange(anchor, view), [anchor, view]);
  const { loading, error, value } = useAsync(
    () =>
      api.getChangeCalendar({
        from: range.start.toUTC().toISO()!,
        to: range.end.toUTC().toISO()!,
        entityRef: props.entityRef,
      }),
    [api, range.start.toMillis(), range.end.toMillis(), props.entityRef],
  );

  const step = view === 'month' ? { months: 1 } : { weeks: 1 };
  const today = DateTime.now().startOf('day');
  const title =
    view === 'month'
      ? anchor.toFormat('LLLL yyyy')
      : `${range.start.toLocaleString(
          DateTime.DATE_MED,
        )} – ${range.days[6].toLocaleString(DateTime.DATE_MED)}`;

  const weeks: DateTime[][] = [];
  for (let i = 0; i < range.days.length; i += 7) {
    weeks.push(range.days.slice(i, i + 7));
  }

  const changesOn = (day: DateTime) =>
    (value?.items ?? [])
      .filter(
        c => c.plannedStart && overlapsDay(c.plannedStart, c.plannedEnd, day),
      )
      .sort((a, b) =>
        (a.plannedStart ?? '').localeCompare(b.plannedStart ?? ''),
      );
  const freezesOn = (day: DateTime) =>
    (value?.freezeWindows ?? []).filter((f: FreezeWindow) =>
      overlapsDay(f.start, f.end, day),
    );

  return (
    <Paper className={classes.surface}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 8 }}
      >
        <IconButton
          aria-label={t('calendar.previous')}
          onClick={() => setAnchor(a => a.minus(step))}
        >
          <ChevronLeftIcon />
        </IconButton>
        <Button
          variant="outlined"
          size="small"
          onClick={() => setAnchor(DateTime.now())}
        >
          {t('calendar.today')}
        </Button>
        <IconButton
          aria-label={t('calendar.next')}
          onClick={() => setAnchor(a => a.plus(step))}
        >
          <ChevronRightIcon />
        </IconButton>
        <Typography variant="h6" component="h2" aria-live="polite">
          {title}
        </Typography>
        <Box flexGrow={1} />
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          aria-label={t('calendar.view')}
          onChange={(_e, v: View | null) => v && setView(v)}
        >
          <ToggleButton value="month">{t('calendar.month')}</ToggleButton>
          <ToggleButton value="week">{t('calendar.week')}</ToggleButton>
        </ToggleButtonGroup>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {!error && (
        <table
          className={classes.table}
          aria-label={`${t('calendar.title')}: ${title}`}
        >
          <thead>
            <tr>
              {WEEKDAYS.map(day => (
                <th key={day} scope="col">
                  {t(`weekday.${day}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map(week => (
              <tr key={week[0].toISODate()}>
                {week.map(day => {
                  const changes = changesOn(day);
                  const freezes = freezesOn(day);
                  const shown =
                    view === 'month' ? changes.slice(0, MAX_PER_DAY) : changes;
                  const hidden = changes.length - shown.length;
                  const cellClasses = [
                    classes.cell,
                    view === 'week' ? classes.weekCell : '',
                    view === 'month' && day.month !== anchor.month
                      ? classes.outside
                      : '',
                    day.hasSame(today, 'day') ? classes.today : '',
                    freezes.length ? classes.freeze : '',
                  ].join(' ');
                  return (
                    <td
                      key={day.toISODate()}
                      className={cellClasses}
                      data-testid={`calendar-day-${day.toISODate()}`}
                      data-freeze={freezes.length > 0 ? 'true' : undefined}
                      aria-label={day.toLocaleString(DateTime.DATE_FULL)}
                    >
                      <div className={classes.dayNumber}>{day.day}</div>
                      {freezes.map(f => (
                        <div key={f.name} className={classes.freezeLabel}>
                          <AcUnitIcon style={{ fontSize: 12 }} aria-hidden />
                          {t('calendar.freeze', { name: f.name })}
                        </div>
                      ))}
                      {shown.map(change => (
                        <ChangeEntry key={change.id} change={change} />
                      ))}
                      {hidden > 0 && (
                        <Tooltip
                          title={changes
                            .slice(MAX_PER_DAY)
                            .map(c => `${c.number} ${c.title}`)
                            .join(', ')}
                        >
                          <Typography
                            variant="caption"
                            component="div"
                            tabIndex={0}
                          >
                            {t('calendar.more', { n: String(hidden) })}
                          </Typography>
                        </Tooltip>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {value && value.items.length === 0 && (
        <Box mt={1}>
          <Typography>{t('calendar.empty')}</Typography>
        </Box>
      )}
      <div
        className={classes.legend}
        role="group"
        aria-label={t('calendar.legend')}
      >
        <span>
          <span className={`${classes.swatch} ${classes.freeze}`} aria-hidden />
          {t('calendar.legendFreeze')}
        </span>
        <span>
          <WarningIcon
            style={{ fontSize: 14, verticalAlign: 'middle' }}
            color="error"
            aria-hidden
          />{' '}
          {t('calendar.legendConflict')}
        </span>
        {(['low', 'medium', 'high'] as RiskLevel[]).map(level => (
          <span key={level}>
            <LegendSwatch level={level} />
            {t(`risk.${level}`)}
          </span>
        ))}
      </div>
    </Paper>
  );
}

function LegendSwatch(props: { level: RiskLevel }) {
  const classes = useStyles();
  const risk = useRiskStyles({ level: props.level });
  return <span className={`${classes.swatch} ${risk.fill}`} aria-hidden />;
}
