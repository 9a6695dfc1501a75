import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TextField } from '@material-ui/core';
import { Autocomplete } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { SERVICE_ENTITY_KINDS } from '@backstage-itsm/plugin-itsm-common';

export function entityTitle(entity: Entity) {
  return (entity.metadata.title as string | undefined) ?? entity.metadata.name;
}

/** Picks a Component, System or Resource from the catalog. */
export function EntityPicker(props: {
  id: string;
  label: string;
  value: Entity | null;
  onChange: (entity: Entity | null) => void;
  required?: boolean;
  error?: boolean;
  helperText?: string;
}) {
  const catalogApi = useApi(catalogApiRef);
  const { value: entities, loading } = useAsync(
    async () =>
      (
        await catalogApi.getEntities({
          filter: { kind: [...SERVICE_ENTITY_KINDS] },
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.title',
            'metadata.description',
            'spec.owner',
          ],
        })
      ).items,
    [catalogApi],
  );
  return (
    <Autocomplete
      id={props.id}
      options={entities ?? []}
      loading={loading}
      value={props.value}
      onChange={(_e, v) => props.onChange(v)}
      getOptionLabel={e => `${entityTitle(e)} (${stringifyEntityRef(e)})`}
      getOptionSelected={(a, b) =>
        stringifyEntityRef(a) === stringifyEntityRef(b)
      }
      renderInput={params => (
        <TextField
          {...params}
          required={props.required}
          margin="dense"
          label={props.label}
          error={props.error}
          helperText={props.helperText}
        />
      )}
    />
  );
}
