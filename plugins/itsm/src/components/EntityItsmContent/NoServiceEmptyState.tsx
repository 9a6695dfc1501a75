import { useState } from 'react';
import { EmptyState } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { Entity } from '@backstage/catalog-model';
import { Button } from '@material-ui/core';
import { itsmServiceCreatePermission } from '@backstage-itsm/plugin-itsm-common';
import { useItsmTranslation } from '../../hooks';
import { RegisterServiceDialog } from '../forms/RegisterServiceDialog';

/** Shown when the entity is no IT service yet; offers to register it when allowed. */
export function NoServiceEmptyState(props: {
  entity: Entity;
  onRegistered: () => void;
}) {
  const { t } = useItsmTranslation();
  const { allowed } = usePermission({
    permission: itsmServiceCreatePermission,
  });
  const [open, setOpen] = useState(false);
  return (
    <>
      <EmptyState
        missing="data"
        title={t('entityContent.noService.title')}
        description={t('entityContent.noService.description')}
        action={
          allowed ? (
            <Button
              variant="contained"
              color="primary"
              onClick={() => setOpen(true)}
            >
              {t('entityContent.noService.register')}
            </Button>
          ) : undefined
        }
      />
      {open && (
        <RegisterServiceDialog
          open
          entity={props.entity}
          onClose={() => setOpen(false)}
          onCreated={() => {
            setOpen(false);
            props.onRegistered();
          }}
        />
      )}
    </>
  );
}
