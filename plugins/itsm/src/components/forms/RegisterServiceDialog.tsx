import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Grid, MenuItem, TextField } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import {
  Criticality,
  SERVICE_CATEGORIES,
  SERVICE_LIFECYCLES,
  Service,
  ServiceCategory,
  ServiceLifecycle,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../api';
import { useItsmTranslation, useSubmit, useSuccessAlert } from '../../hooks';
import { EnumSelect } from './EnumSelect';
import { FormTextField } from './FormTextField';
import { FormDialog } from './FormDialog';
import { EntityPicker, entityTitle } from './EntityPicker';

const FIELDS = [
  'entityRef',
  'entityRefs',
  'name',
  'purpose',
  'ownerRef',
  'category',
  'criticality',
  'lifecycle',
  'supportHours',
  'slaId',
  'contact',
] as const;

const CRITICALITIES: Criticality[] = [1, 2, 3, 4];

/** `spec.owner` of an entity as a full ref (`group:default/x`). */
export function ownerRefOf(entity?: Entity): string {
  const owner = entity?.spec?.owner;
  if (typeof owner !== 'string' || !owner) return '';
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity?.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * Registers a catalog entity as an IT service: owner defaults to the entity's `spec.owner`,
 * the SLA comes from `GET /slas`.
 */
export function RegisterServiceDialog(props: {
  open: boolean;
  /** The current entity; when absent the user picks one from the catalog. */
  entity?: Entity;
  onClose: () => void;
  onCreated: (service: Service) => void;
}) {
  const { open, onClose, onCreated } = props;
  const api = useApi(itsmApiRef);
  const announce = useSuccessAlert();
  const { t } = useItsmTranslation();
  const [picked, setPicked] = useState<Entity | null>(props.entity ?? null);
  const entity = props.entity ?? picked ?? undefined;
  const [name, setName] = useState(entity ? entityTitle(entity) : '');
  const [purpose, setPurpose] = useState(
    (props.entity?.metadata.description as string | undefined) ?? '',
  );
  const [ownerRef, setOwnerRef] = useState(ownerRefOf(entity));
  const [category, setCategory] = useState<ServiceCategory>('application');
  const [criticality, setCriticality] = useState<Criticality>(3);
  const [lifecycle, setLifecycle] = useState<ServiceLifecycle>('live');
  const [supportHours, setSupportHours] = useState('');
  const [slaId, setSlaId] = useState('');
  const [contact, setContact] = useState('');
  const submit = useSubmit(FIELDS);
  const { value: slas } = useAsync(
    async () => (await api.listSlas({ limit: 100 })).items,
    [api],
  );
  const entityRef = useMemo(
    () => (entity ? stringifyEntityRef(entity) : ''),
    [entity],
  );

  const onPick = (e: Entity | null) => {
    setPicked(e);
    if (e) {
      setName(current => current || entityTitle(e));
      setOwnerRef(current => current || ownerRefOf(e));
    }
  };

  const onSubmit = async () => {
    const created = await submit.run(() =>
      api.createService({
        entityRef,
        name: name.trim(),
        purpose: purpose.trim() || null,
        ownerRef: ownerRef.trim() || undefined,
        category,
        criticality,
        lifecycle,
        supportHours: supportHours.trim() || null,
        slaId: slaId || null,
        contact: contact.trim() || null,
      }),
    );
    if (created) {
      announce(t('forms.registerService.created', { name: created.name }));
      onCreated(created);
    }
  };

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      titleId="itsm-register-service-title"
      title={t('forms.registerService.title')}
      submit={submit}
      submitLabel={t('forms.registerService.submit')}
      submitDisabled={!entityRef || !name.trim()}
      onSubmit={onSubmit}
    >
      {props.entity ? (
        <FormTextField
          id="itsm-register-entity"
          label={t('forms.registerService.entity')}
          value={entityRef}
          InputProps={{ readOnly: true }}
          {...submit.fieldProps('entityRef')}
        />
      ) : (
        <EntityPicker
          id="itsm-register-entity"
          label={t('forms.registerService.entity')}
          required
          value={picked}
          onChange={onPick}
          {...submit.fieldProps('entityRef')}
        />
      )}
      <FormTextField
        required
        id="itsm-register-name"
        label={t('forms.registerService.name')}
        value={name}
        onChange={setName}
        {...submit.fieldProps('name')}
      />
      <FormTextField
        multiline
        id="itsm-register-purpose"
        label={t('forms.registerService.purpose')}
        value={purpose}
        onChange={setPurpose}
        {...submit.fieldProps('purpose')}
      />
      <FormTextField
        id="itsm-register-owner"
        label={t('forms.registerService.owner')}
        placeholder="group:default/team"
        value={ownerRef}
        onChange={setOwnerRef}
        {...submit.fieldProps('ownerRef')}
      />
      <Grid container spacing={2}>
        <Grid item xs={12} sm={4}>
          <EnumSelect
            id="itsm-register-category"
            label={t('forms.registerService.category')}
            options={SERVICE_CATEGORIES}
            value={category}
            optionLabel={c => t(`category.${c}`)}
            onChange={setCategory}
            {...submit.fieldProps('category')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <EnumSelect
            id="itsm-register-criticality"
            label={t('forms.registerService.criticality')}
            options={CRITICALITIES}
            value={criticality}
            optionLabel={c => t(`criticality.${c}`)}
            onChange={setCriticality}
            {...submit.fieldProps('criticality')}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <EnumSelect
            id="itsm-register-lifecycle"
            label={t('forms.registerService.lifecycle')}
            options={SERVICE_LIFECYCLES}
            value={lifecycle}
            optionLabel={l => t(`lifecycle.${l}`)}
            onChange={setLifecycle}
            {...submit.fieldProps('lifecycle')}
          />
        </Grid>
      </Grid>
      <FormTextField
        id="itsm-register-support-hours"
        label={t('forms.registerService.supportHours')}
        value={supportHours}
        onChange={setSupportHours}
        {...submit.fieldProps(
          'supportHours',
          t('forms.registerService.supportHoursHelp'),
        )}
      />
      <TextField
        select
        fullWidth
        margin="dense"
        id="itsm-register-sla"
        label={t('forms.registerService.sla')}
        value={slaId}
        onChange={e => setSlaId(e.target.value)}
        {...submit.fieldProps('slaId')}
      >
        <MenuItem value="">{t('forms.registerService.noSla')}</MenuItem>
        {(slas ?? []).map(s => (
          <MenuItem key={s.id} value={s.id}>
            {s.name} ({s.availabilityTarget} %)
          </MenuItem>
        ))}
      </TextField>
      <TextField
        fullWidth
        margin="dense"
        id="itsm-register-contact"
        label={t('forms.registerService.contact')}
        value={contact}
        onChange={e => setContact(e.target.value)}
        {...submit.fieldProps('contact')}
      />
    </FormDialog>
  );
}
