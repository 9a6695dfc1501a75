import { Alert } from '@material-ui/lab';
import { parseApiError } from '../../utils';
import { useItsmTranslation } from '../../hooks';

/** Inline message of a failed action; 409s (stale version, illegal transition) get a title. */
export function ApiErrorAlert(props: {
  error?: unknown;
  onClose?: () => void;
}) {
  const { t } = useItsmTranslation();
  if (!props.error) return null;
  const info = parseApiError(props.error);
  return (
    <Alert severity="error" role="alert" onClose={props.onClose}>
      {info.status === 409 ? (
        <strong>{t('common.conflictTitle')}: </strong>
      ) : null}
      {info.message}
    </Alert>
  );
}
