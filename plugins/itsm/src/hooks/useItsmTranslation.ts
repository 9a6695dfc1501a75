import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { itsmTranslationRef } from '../translation';

/** Flat keys of the ITSM messages, e.g. `incidentState.in_progress`. */
export type ItsmMessageKey = keyof (typeof itsmTranslationRef)['T'];

/**
 * The plugin's `t`: keys are checked, interpolation values are plain strings / numbers.
 * (Backstage's fully typed `TranslationFunction` over several hundred literal messages
 * makes the type checker run out of memory, so call sites use this narrower signature.)
 */
export type ItsmTranslate = (
  key: ItsmMessageKey,
  options?: Record<string, string | number>,
) => string;

/** The `t` function of the ITSM plugin. */
export function useItsmTranslation(): { t: ItsmTranslate } {
  const { t } = useTranslationRef(itsmTranslationRef);
  return { t: t as unknown as ItsmTranslate };
}
