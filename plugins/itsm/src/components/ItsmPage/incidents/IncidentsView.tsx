import { useCallback, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Incident,
  itsmIncidentCreatePermission,
  itsmIncidentUpdatePermission,
  ListIncidentsParams,
} from '@backstage-itsm/plugin-itsm-common';
import { IncidentTable } from '../../incidents/IncidentTable';
import { OpenIncidentDialog } from '../../forms/OpenIncidentDialog';
import { WorkIncidentDialog } from '../../forms/WorkIncidentDialog';
import { FilterBar } from '../../shared';
import { useItsmTranslation } from '../../../hooks';

type Scope = 'all' | 'mine' | 'team';

function WorkButton(props: { incident: Incident; onClick: () => void }) {
  const { t } = useItsmTranslation();
  const { allowed } = usePermission({
    permission: itsmIncidentUpdatePermission,
    resourceRef: props.incident.id,
  });
  if (!allowed) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      aria-label={t('openIncidents.workAria', {
        number: props.incident.number,
      })}
      onClick={props.onClick}
    >
      {t('openIncidents.work')}
    </Button>
  );
}

/**
 * All incidents with priority / state / owner filters, "assigned to me" (the signed-in
 * user's entity ref) and "my team's" (the user's groups as owner).
 */
export function IncidentsView() {
  const identityApi = useApi(identityApiRef);
  const { t } = useItsmTranslation();
  const [scope, setScope] = useState<Scope>('all');
  const [ownerInput, setOwnerInput] = useState('');
  const [owner, setOwner] = useState('');
  const [team, setTeam] = useState('');
  const [reload, setReload] = useState(0);
  const [opening, setOpening] = useState(false);
  const [working, setWorking] = useState<Incident>();
  const canCreate = usePermission({
    permission: itsmIncidentCreatePermission,
  }).allowed;
  useDebounce(() => setOwner(ownerInput.trim()), 400, [ownerInput]);

  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const groups = (identity?.ownershipEntityRefs ?? []).filter(ref =>
    ref.startsWith('group:'),
  );
  const selectedTeam = team || groups[0] || '';

  let params: ListIncidentsParams | undefined;
  if (scope === 'mine') {
    params = identity ? { assigneeRef: identity.userEntityRef } : undefined;
  } else if (scope === 'team') {
    params = selectedTeam ? { owner: selectedTeam } : undefined;
  } else {
    params = owner ? { owner } : {};
  }

  const actions = useCallback(
    (incident: Incident) => (
      <WorkButton incident={incident} onClick={() => setWorking(incident)} />
    ),
    [],
  );

  return (
    <>
      <FilterBar>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={scope}
          aria-label={t('incidents.scope')}
          onChange={(_e, value: Scope | null) => value && setScope(value)}
        >
          <ToggleButton value="all">{t('incidents.scopeAll')}</ToggleButton>
          <ToggleButton value="mine">{t('incidents.scopeMine')}</ToggleButton>
          <ToggleButton value="team">{t('incidents.scopeTeam')}</ToggleButton>
        </ToggleButtonGroup>
        {scope === 'all' && (
          <TextField
            id="itsm-incidents-owner"
            label={t('incidents.owner')}
            placeholder="group:default/team"
            value={ownerInput}
            onChange={e => setOwnerInput(e.target.value)}
          />
        )}
        {scope === 'team' && groups.length > 1 && (
          <TextField
            select
            id="itsm-incidents-team"
            label={t('incidents.owner')}
            value={selectedTeam}
            onChange={e => setTeam(e.target.value)}
            style={{ minWidth: 220 }}
          >
            {groups.map(g => (
              <MenuItem key={g} value={g}>
                {g}
              </MenuItem>
            ))}
          </TextField>
        )}
        <Box flexGrow={1} />
        {canCreate && (
          <Button
            variant="contained"
            color="primary"
            onClick={() => setOpening(true)}
          >
            {t('incidents.openIncident')}
          </Button>
        )}
      </FilterBar>
      {scope === 'team' && identity && groups.length === 0 ? (
        <Typography>{t('incidents.noTeam')}</Typography>
      ) : (
        params && (
          <IncidentTable
            title={t('incidents.title')}
            params={params}
            showEntity
            reloadKey={reload}
            actions={actions}
            idPrefix="itsm-portal-incidents"
          />
        )
      )}
      {opening && (
        <OpenIncidentDialog
          open
          onClose={() => setOpening(false)}
          onCreated={() => {
            setOpening(false);
            setReload(r => r + 1);
          }}
        />
      )}
      {working && (
        <WorkIncidentDialog
          open
          incident={working}
          onClose={() => {
            setWorking(undefined);
            setReload(r => r + 1);
          }}
          onUpdated={setWorking}
        />
      )}
    </>
  );
}
