import { useState } from 'react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button } from '@material-ui/core';
import {
  Criticality,
  itsmChangeCreatePermission,
  itsmIncidentCreatePermission,
} from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';
import { OpenIncidentDialog } from '../forms/OpenIncidentDialog';
import { OpenChangeDialog } from '../forms/OpenChangeDialog';

/** "Open incident" / "Open change" for the entity, offered only when allowed. */
export function EntityActions(props: {
  entityRef: string;
  criticality?: Criticality | null;
  onCreated: () => void;
}) {
  const { t } = useItsmTranslation();
  const canOpenIncident = usePermission({
    permission: itsmIncidentCreatePermission,
  }).allowed;
  const canOpenChange = usePermission({
    permission: itsmChangeCreatePermission,
  }).allowed;
  const [dialog, setDialog] = useState<'incident' | 'change'>();

  return (
    <Box display="flex" style={{ gap: 8 }} mt={1} mr={1}>
      {canOpenIncident && (
        <Button
          variant="contained"
          color="primary"
          onClick={() => setDialog('incident')}
        >
          {t('entityContent.actions.openIncident')}
        </Button>
      )}
      {canOpenChange && (
        <Button variant="outlined" onClick={() => setDialog('change')}>
          {t('entityContent.actions.openChange')}
        </Button>
      )}
      {dialog === 'incident' && (
        <OpenIncidentDialog
          open
          entityRef={props.entityRef}
          onClose={() => setDialog(undefined)}
          onCreated={() => {
            setDialog(undefined);
            props.onCreated();
          }}
        />
      )}
      {dialog === 'change' && (
        <OpenChangeDialog
          open
          entityRefs={[props.entityRef]}
          criticality={props.criticality}
          onClose={() => setDialog(undefined)}
          onCreated={() => {
            setDialog(undefined);
            props.onCreated();
          }}
        />
      )}
    </Box>
  );
}
