import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  Grid,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  BusinessCalendar,
  PRIORITIES,
  Priority,
  Sla,
  SlaTargets,
  WEEKDAYS,
  Weekday,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../hooks';
import { FormDialog } from './FormDialog';
import { FormTextField } from './FormTextField';

/** The two goals of a priority, in the order shown, and the end of their field ids. */
const TARGET_KEYS = ['responseMinutes', 'resolutionMinutes'] as const;
type TargetKey = (typeof TARGET_KEYS)[number];
const TARGET_ID_SUFFIX: Record<TargetKey, string> = {
  responseMinutes: 'response',
  resolutionMinutes: 'resolution',
};
const TARGET_FIELDS = PRIORITIES.flatMap(p =>
  TARGET_KEYS.map(key => `targets.${p}.${key}`),
);
const FIELDS = [
  'name',
  'description',
  'availabilityTarget',
  'timezone',
  'holidays',
  'hours',
  'calendar',
  'targets',
  ...TARGET_FIELDS,
];

const DEFAULT_TARGETS: SlaTargets = {
  P1: { responseMinutes: 15, resolutionMinutes: 240 },
  P2: { responseMinutes: 60, resolutionMinutes: 480 },
  P3: { responseMinutes: 240, resolutionMinutes: 1440 },
  P4: { responseMinutes: 480, resolutionMinutes: 4320 },
};

type DayHours = { enabled: boolean; start: string; end: string };
/** The two time fields of a working day, in the order shown. */
const DAY_BOUNDS = ['start', 'end'] as const;

function defaultHours(): Record<Weekday, DayHours> {
  const hours = {} as Record<Weekday, DayHours>;
  for (const day of WEEKDAYS) {
    hours[day] = {
      enabled: day !== 'sat' && day !== 'sun',
      start: '08:00',
      end: '18:00',
    };
  }
  return hours;
}

function defaultTimezone() {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * Defines an SLA: availability target, service hours (24×7 or a business calendar with
 * timezone, hours per weekday and holidays) and response / resolution targets per priority.
 */
export function SlaDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (sla: Sla) => void;
}) {
  const { open, onClose, onCreated } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [availabilityTarget, setAvailabilityTarget] = useState('99.9');
  const [mode, setMode] = useState<'24x7' | 'business'>('24x7');
  const [timezone, setTimezone] = useState(defaultTimezone);
  const [hours, setHours] = useState(defaultHours);
  const [holidays, setHolidays] = useState('');
  const [targets, setTargets] = useState<SlaTargets>(DEFAULT_TARGETS);
  const submit = useSubmit(FIELDS);

  const setDay = (day: Weekday, patch: Partial<DayHours>) =>
    setHours(h => ({ ...h, [day]: { ...h[day], ...patch } }));
  const setTarget = (priority: Priority, key: TargetKey, value: string) =>
    setTargets(current => ({
      ...current,
      [priority]: { ...current[priority], [key]: Number(value) },
    }));

  const onSubmit = async () => {
    let calendar: '24x7' | BusinessCalendar = '24x7';
    if (mode === 'business') {
      const calendarHours: BusinessCalendar['hours'] = {};
      for (const day of WEEKDAYS) {
        if (hours[day].enabled) {
          calendarHours[day] = [[hours[day].start, hours[day].end]];
        }
      }
      calendar = {
        timezone: timezone.trim(),
        hours: calendarHours,
        holidays: holidays
          .split(',')
          .map(h => h.trim())
          .filter(Boolean),
      };
    }
    const created = await submit.run(() =>
      api.createSla({
        name: name.trim(),
        description: description.trim() || null,
        availabilityTarget: Number(availabilityTarget),
        calendar,
        targets,
      }),
    );
    if (created) {
      announce(t('forms.sla.created', { name: created.name }));
      onCreated(created);
    }
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      titleId="itsm-sla-title"
      title={t('forms.sla.title')}
      maxWidth="md"
      submit={submit}
      submitLabel={t('forms.sla.submit')}
      submitDisabled={!name.trim()}
      onSubmit={onSubmit}
    >
      <Grid container spacing={2}>
        <Grid item xs={12} sm={8}>
          <FormTextField
            required
            id="itsm-sla-name"
            label={t('forms.sla.name')}
            value={name}
            onChange={setName}
            {...submit.fieldProps('name')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <FormTextField
            required
            type="number"
            id="itsm-sla-availability"
            label={t('forms.sla.availabilityTarget')}
            value={availabilityTarget}
            inputProps={{ min: 0, max: 100, step: 0.01 }}
            onChange={setAvailabilityTarget}
            {...submit.fieldProps('availabilityTarget')}
          />
        </Grid>
      </Grid>
      <FormTextField
        multiline
        id="itsm-sla-description"
        label={t('forms.sla.description')}
        value={description}
        onChange={setDescription}
        {...submit.fieldProps('description')}
      />

      <Box mt={2}>
        <FormControl component="fieldset" error={!!submit.fieldErrors.calendar}>
          <FormLabel component="legend">{t('forms.sla.calendar')}</FormLabel>
          <RadioGroup
            row
            aria-label={t('forms.sla.calendar')}
            value={mode}
            onChange={e => setMode(e.target.value as '24x7' | 'business')}
          >
            <FormControlLabel
              value="24x7"
              control={<Radio />}
              label={t('forms.sla.allDay')}
            />
            <FormControlLabel
              value="business"
              control={<Radio />}
              label={t('forms.sla.businessHours')}
            />
          </RadioGroup>
          {submit.fieldErrors.calendar && (
            <FormHelperText>{submit.fieldErrors.calendar}</FormHelperText>
          )}
        </FormControl>
      </Box>

      {mode === 'business' && (
        <Box>
          <FormTextField
            required
            id="itsm-sla-timezone"
            label={t('forms.sla.timezone')}
            value={timezone}
            onChange={setTimezone}
            {...submit.fieldProps('timezone')}
          />
          {WEEKDAYS.map(day => {
            const dayName = t(`weekday.${day}`);
            return (
              <Grid container spacing={2} alignItems="center" key={day}>
                <Grid item xs={12} sm={4}>
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={hours[day].enabled}
                        inputProps={{
                          'aria-label': t('forms.sla.worksOn', {
                            day: dayName,
                          }),
                        }}
                        onChange={e =>
                          setDay(day, { enabled: e.target.checked })
                        }
                      />
                    }
                    label={dayName}
                  />
                </Grid>
                {DAY_BOUNDS.map(bound => (
                  <Grid item xs={6} sm={4} key={bound}>
                    <TextField
                      fullWidth
                      margin="dense"
                      type="time"
                      id={`itsm-sla-${day}-${bound}`}
                      label={t(`forms.sla.${bound}`, { day: dayName })}
                      value={hours[day][bound]}
                      disabled={!hours[day].enabled}
                      InputLabelProps={{ shrink: true }}
                      onChange={e => setDay(day, { [bound]: e.target.value })}
                    />
                  </Grid>
                ))}
              </Grid>
            );
          })}
          {submit.fieldErrors.hours && (
            <FormHelperText error>{submit.fieldErrors.hours}</FormHelperText>
          )}
          <FormTextField
            id="itsm-sla-holidays"
            label={t('forms.sla.holidays')}
            value={holidays}
            onChange={setHolidays}
            {...submit.fieldProps('holidays', t('forms.sla.holidaysHelp'))}
          />
        </Box>
      )}

      <Box mt={2}>
        <Typography variant="subtitle1" component="h3">
          {t('forms.sla.targets')}
        </Typography>
        {submit.fieldErrors.targets && (
          <FormHelperText error>{submit.fieldErrors.targets}</FormHelperText>
        )}
        {PRIORITIES.map(p => (
          <Grid container spacing={2} key={p}>
            {TARGET_KEYS.map(key => (
              <Grid item xs={6} key={key}>
                <TextField
                  fullWidth
                  margin="dense"
                  type="number"
                  id={`itsm-sla-${p}-${TARGET_ID_SUFFIX[key]}`}
                  label={t(`forms.sla.${key}`, { priority: p })}
                  value={String(targets[p][key])}
                  inputProps={{ min: 1 }}
                  onChange={e => setTarget(p, key, e.target.value)}
                  {...submit.fieldProps(`targets.${p}.${key}`)}
                />
              </Grid>
            ))}
          </Grid>
        ))}
      </Box>
    </FormDialog>
  );
}
