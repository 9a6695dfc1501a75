import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Box, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import {
  Impact,
  Incident,
  priorityFor,
  Service,
  Urgency,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { PriorityChip } from '../shared';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../hooks';
import { LevelSelect } from './EnumSelect';
import { FormDialog } from './FormDialog';
import { FormTextField } from './FormTextField';
import { EntityPicker } from './EntityPicker';

const FIELDS = [
  'title',
  'description',
  'impact',
  'urgency',
  'entityRef',
  'serviceId',
  'assigneeRef',
] as const;

/**
 * Opens an incident. Priority is never typed in: it follows from impact × urgency and is
 * shown live (`priorityFor` of plugin-itsm-common, the same matrix the backend uses).
 */
export function OpenIncidentDialog(props: {
  open: boolean;
  /** The affected entity; when absent the user picks one from the catalog. */
  entityRef?: string;
  onClose: () => void;
  onCreated: (incident: Incident) => void;
}) {
  const { open, onClose, onCreated } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [impact, setImpact] = useState<Impact>(2);
  const [urgency, setUrgency] = useState<Urgency>(2);
  const [picked, setPicked] = useState<Entity | null>(null);
  const [assigneeRef, setAssigneeRef] = useState('');
  const submit = useSubmit(FIELDS);
  const priority = priorityFor(impact, urgency);
  const entityRef =
    props.entityRef ?? (picked ? stringifyEntityRef(picked) : '');
  // The incident's service decides who owns it, and the API never guesses: with several active
  // services on the entity the user picks one (one or none: the API takes it or none).
  const [services, setServices] = useState<Service[]>([]);
  const [serviceId, setServiceId] = useState('');
  useEffect(() => {
    setServices([]);
    setServiceId('');
    if (!open || !entityRef) return undefined;
    let current = true;
    api.listServices({ entityRef, limit: 100 }).then(
      page => {
        if (current)
          setServices(page.items.filter(s => s.lifecycle !== 'retired'));
      },
      // Without the list the API still answers 400 naming serviceId if it needs one.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, open, entityRef]);
  const chooseService = services.length > 1;

  const onSubmit = async () => {
    const created = await submit.run(() =>
      api.createIncident({
        title: title.trim(),
        description: description.trim() || null,
        impact,
        urgency,
        entityRef,
        ...(chooseService && serviceId ? { serviceId } : {}),
        assigneeRef: assigneeRef.trim() || null,
        source: 'portal',
      }),
    );
    if (created) {
      announce(
        t('forms.openIncident.created', {
          number: created.number,
          priority: created.priority,
        }),
      );
      onCreated(created);
    }
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      titleId="itsm-open-incident-title"
      title={t('forms.openIncident.title')}
      submit={submit}
      submitLabel={t('forms.openIncident.submit')}
      submitDisabled={
        !title.trim() || !entityRef || (chooseService && !serviceId)
      }
      onSubmit={onSubmit}
    >
      {props.entityRef ? (
        <FormTextField
          id="itsm-incident-entity"
          label={t('forms.openIncident.entity')}
          value={props.entityRef}
          InputProps={{ readOnly: true }}
          {...submit.fieldProps('entityRef')}
        />
      ) : (
        <EntityPicker
          id="itsm-incident-entity"
          label={t('forms.openIncident.entity')}
          required
          value={picked}
          onChange={setPicked}
          {...submit.fieldProps('entityRef')}
        />
      )}
      {chooseService && (
        <TextField
          select
          fullWidth
          required
          margin="dense"
          id="itsm-incident-service"
          label={t('forms.openIncident.service')}
          value={serviceId}
          onChange={e => setServiceId(e.target.value)}
          {...submit.fieldProps('serviceId')}
        >
          {services.map(s => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      <TextField
        fullWidth
        required
        margin="dense"
        id="itsm-incident-title"
        label={t('forms.openIncident.incidentTitle')}
        value={title}
        onChange={e => setTitle(e.target.value)}
        {...submit.fieldProps('title')}
      />
      <FormTextField
        multiline
        minRows={3}
        id="itsm-incident-description"
        label={t('forms.openIncident.description')}
        value={description}
        onChange={setDescription}
        {...submit.fieldProps('description')}
      />
      <Grid container spacing={2} alignItems="center">
        <Grid item xs={12} sm={4}>
          <LevelSelect
            id="itsm-incident-impact"
            label={t('forms.openIncident.impact')}
            value={impact}
            onChange={setImpact}
            {...submit.fieldProps('impact')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <LevelSelect
            id="itsm-incident-urgency"
            label={t('forms.openIncident.urgency')}
            value={urgency}
            onChange={setUrgency}
            {...submit.fieldProps('urgency')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            id="itsm-incident-priority-label"
          >
            {t('forms.openIncident.resultingPriority')}
          </Typography>
          <Box
            role="status"
            aria-labelledby="itsm-incident-priority-label"
            data-testid="itsm-incident-priority"
          >
            <PriorityChip priority={priority} size="medium" />
          </Box>
        </Grid>
      </Grid>
      <FormTextField
        id="itsm-incident-assignee"
        label={t('forms.openIncident.assignee')}
        placeholder="user:default/jane"
        value={assigneeRef}
        onChange={setAssigneeRef}
        {...submit.fieldProps('assigneeRef')}
      />
    </FormDialog>
  );
}
