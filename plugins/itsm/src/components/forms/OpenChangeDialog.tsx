import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  Grid,
  List,
  ListItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { DateTime } from 'luxon';
import {
  CHANGE_TYPES,
  estimateRisk,
  Change,
  ChangeType,
  Criticality,
  Impact,
  RiskAssessmentAnswers,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { RiskChip, WrappingListItemText } from '../shared';
import {
  useItsmTranslation,
  useRiskModel,
  useSubmit,
  useSuccessAlert,
} from '../../hooks';
import { EnumSelect, LevelSelect } from './EnumSelect';
import { FormDialog } from './FormDialog';
import { FormTextField } from './FormTextField';

const BOOLEAN_QUESTIONS = [
  'userFacing',
  'rollbackTested',
  'dataMigration',
  'peakHours',
] as const;
const FIELDS = [
  'title',
  'description',
  'type',
  'entityRefs',
  'impact',
  'plannedStart',
  'plannedEnd',
  'plannedOutage',
  'implementationPlan',
  'rollbackPlan',
  'testPlan',
  'riskAssessment',
  ...BOOLEAN_QUESTIONS,
  'affectedComponents',
  'recentFailedChanges',
];

function toIso(local: string): string | null {
  if (!local) return null;
  const dt = DateTime.fromISO(local);
  return dt.isValid ? dt.toUTC().toISO() : null;
}

/**
 * Opens a change: type, window, plans and the risk questionnaire. The score comes from the
 * API (`change.riskAssessment`) and is shown after creation; before, an estimate with the
 * backend's configured risk model (`GET /changes/risk-model`) is shown and labelled as such.
 */
export function OpenChangeDialog(props: {
  open: boolean;
  /** Pre-filled affected entities (e.g. the current entity). */
  entityRefs?: string[];
  /** Criticality of the entity's service, for the local estimate. */
  criticality?: Criticality | null;
  onClose: () => void;
  onCreated: (change: Change) => void;
}) {
  const { open, onClose, onCreated } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<ChangeType>('normal');
  const [entityRefs, setEntityRefs] = useState(
    (props.entityRefs ?? []).join(', '),
  );
  const [impact, setImpact] = useState<Impact>(2);
  const [plannedStart, setPlannedStart] = useState('');
  const [plannedEnd, setPlannedEnd] = useState('');
  const [plannedOutage, setPlannedOutage] = useState(false);
  const [implementationPlan, setImplementationPlan] = useState('');
  const [rollbackPlan, setRollbackPlan] = useState('');
  const [testPlan, setTestPlan] = useState('');
  const [answers, setAnswers] = useState<RiskAssessmentAnswers>({
    userFacing: false,
    rollbackTested: false,
    dataMigration: false,
    peakHours: false,
    affectedComponents: 1,
    recentFailedChanges: 0,
  });
  const [created, setCreated] = useState<Change>();
  const submit = useSubmit(FIELDS);
  // The preview scores with the weights the backend is configured with; until they arrive
  // (or when they cannot be read) no estimate is shown.
  const riskModel = useRiskModel(open);
  const estimate =
    riskModel && estimateRisk(answers, type, props.criticality, riskModel);
  const refs = entityRefs
    .split(/[,\s]+/)
    .map(r => r.trim())
    .filter(Boolean);

  const onSubmit = async () => {
    const change = await submit.run(() =>
      api.createChange({
        title: title.trim(),
        description: description.trim() || null,
        type,
        entityRefs: refs,
        impact,
        plannedStart: toIso(plannedStart),
        plannedEnd: toIso(plannedEnd),
        plannedOutage,
        implementationPlan: implementationPlan.trim() || null,
        rollbackPlan: rollbackPlan.trim() || null,
        testPlan: testPlan.trim() || null,
        riskAssessment: answers,
      }),
    );
    if (change) {
      announce(t('forms.openChange.created', { number: change.number }));
      setCreated(change);
    }
  };

  const text = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    extra: object = {},
  ) => (
    <FormTextField
      id={`itsm-change-${name}`}
      label={label}
      value={value}
      onChange={set}
      {...submit.fieldProps(name)}
      {...extra}
    />
  );

  if (created) {
    const assessment = created.riskAssessment;
    return (
      <Dialog
        open={open}
        onClose={() => onCreated(created)}
        fullWidth
        maxWidth="sm"
        aria-labelledby="itsm-change-created-title"
      >
        <DialogTitle id="itsm-change-created-title">
          {t('forms.openChange.created', { number: created.number })}
        </DialogTitle>
        <DialogContent>
          <Typography variant="subtitle1" component="h3">
            {t('forms.openChange.assessment')}
          </Typography>
          <Box my={1} data-testid="itsm-change-assessment">
            <RiskChip
              level={assessment?.level ?? created.risk}
              score={assessment?.score}
            />
          </Box>
          <List dense>
            {(assessment?.reasons ?? []).map(r => (
              <ListItem key={r.factor} disableGutters>
                <WrappingListItemText primary={r.message} />
              </ListItem>
            ))}
          </List>
          {(created.conflicts ?? []).map((c, i) => (
            <Alert key={i} severity={c.blocking ? 'error' : 'warning'}>
              {c.message}
            </Alert>
          ))}
        </DialogContent>
        <DialogActions>
          <Button
            color="primary"
            variant="contained"
            onClick={() => onCreated(created)}
          >
            {t('forms.openChange.done')}
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      titleId="itsm-open-change-title"
      title={t('forms.openChange.title')}
      maxWidth="md"
      submit={submit}
      submitLabel={t('forms.openChange.submit')}
      submitDisabled={!title.trim() || refs.length === 0}
      onSubmit={onSubmit}
    >
      {text('title', t('forms.openChange.changeTitle'), title, setTitle, {
        required: true,
      })}
      {text(
        'description',
        t('forms.openChange.description'),
        description,
        setDescription,
        {
          multiline: true,
          minRows: 2,
        },
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4}>
          <EnumSelect
            id="itsm-change-type"
            label={t('forms.openChange.type')}
            options={CHANGE_TYPES}
            value={type}
            optionLabel={ct => t(`changeType.${ct}`)}
            onChange={setType}
            {...submit.fieldProps('type')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <LevelSelect
            id="itsm-change-impact"
            label={t('forms.openChange.impact')}
            value={impact}
            onChange={setImpact}
            {...submit.fieldProps('impact')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <FormControlLabel
            control={
              <Checkbox
                checked={plannedOutage}
                onChange={e => setPlannedOutage(e.target.checked)}
              />
            }
            label={t('forms.openChange.plannedOutage')}
          />
        </Grid>
      </Grid>
      {text(
        'entityRefs',
        t('forms.openChange.entities'),
        entityRefs,
        setEntityRefs,
        {
          required: true,
        },
      )}
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          {text(
            'plannedStart',
            t('forms.openChange.plannedStart'),
            plannedStart,
            setPlannedStart,
            {
              type: 'datetime-local',
              InputLabelProps: { shrink: true },
            },
          )}
        </Grid>
        <Grid item xs={12} sm={6}>
          {text(
            'plannedEnd',
            t('forms.openChange.plannedEnd'),
            plannedEnd,
            setPlannedEnd,
            {
              type: 'datetime-local',
              InputLabelProps: { shrink: true },
            },
          )}
        </Grid>
      </Grid>
      {text(
        'implementationPlan',
        t('forms.openChange.implementationPlan'),
        implementationPlan,
        setImplementationPlan,
        { multiline: true, minRows: 2 },
      )}
      {text(
        'rollbackPlan',
        t('forms.openChange.rollbackPlan'),
        rollbackPlan,
        setRollbackPlan,
        {
          multiline: true,
          minRows: 2,
        },
      )}
      {text('testPlan', t('forms.openChange.testPlan'), testPlan, setTestPlan, {
        multiline: true,
        minRows: 2,
      })}

      <Box mt={2} component="fieldset" border={0} p={0} m={0}>
        <Typography variant="subtitle1" component="legend">
          {t('forms.openChange.questionnaire')}
        </Typography>
        <FormGroup row>
          {BOOLEAN_QUESTIONS.map(q => (
            <Box key={q} mr={2}>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={!!answers[q]}
                    onChange={e =>
                      setAnswers(a => ({ ...a, [q]: e.target.checked }))
                    }
                  />
                }
                label={t(`forms.openChange.${q}`)}
              />
              {submit.fieldErrors[q] && (
                <FormHelperText error>{submit.fieldErrors[q]}</FormHelperText>
              )}
            </Box>
          ))}
        </FormGroup>
        <Grid container spacing={2}>
          {(['affectedComponents', 'recentFailedChanges'] as const).map(q => (
            <Grid item xs={12} sm={6} key={q}>
              <TextField
                fullWidth
                margin="dense"
                type="number"
                id={`itsm-change-${q}`}
                label={t(`forms.openChange.${q}`)}
                value={String(answers[q] ?? 0)}
                inputProps={{ min: 0, step: 1 }}
                onChange={e =>
                  setAnswers(a => ({
                    ...a,
                    [q]: Math.max(0, Number(e.target.value) || 0),
                  }))
                }
                {...submit.fieldProps(q)}
              />
            </Grid>
          ))}
        </Grid>
        {submit.fieldErrors.riskAssessment && (
          <FormHelperText error>
            {submit.fieldErrors.riskAssessment}
          </FormHelperText>
        )}
        {estimate && (
          <Box mt={1} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography
              variant="body2"
              color="textSecondary"
              id="itsm-change-estimate-label"
            >
              {t('forms.openChange.estimate')}:
            </Typography>
            <span
              role="status"
              aria-labelledby="itsm-change-estimate-label"
              data-testid="itsm-change-estimate"
            >
              {t('forms.openChange.estimateValue', {
                level: t(`risk.${estimate.level}`),
                score: String(estimate.score),
              })}
            </span>
          </Box>
        )}
      </Box>
    </FormDialog>
  );
}
