/**
 * Backstage ITSM frontend: the ITSM tab and card of catalog entities and the /itsm portal
 * (services, incidents, change calendar, CAB queue, reports).
 *
 * @packageDocumentation
 */
export {
  itsmPlugin,
  ItsmPage,
  EntityItsmContent,
  EntityItsmCard,
  isItsmAvailable,
} from './plugin';
export { itsmApiRef } from './api';
export { rootRouteRef } from './routes';
export { itsmTranslationRef, itsmTranslations } from './translation';

export {
  ItsmSearchResultListItem,
  isItsmSearchResult,
  ITSM_SEARCH_RESULT_TYPES,
} from './components/search/ItsmSearchResultListItem';
