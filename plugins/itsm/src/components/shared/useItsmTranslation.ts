import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { itsmTranslationRef } from '../../translation';

/** The `t` function of the ITSM plugin. */
export function useItsmTranslation() {
  return useTranslationRef(itsmTranslationRef);
}
