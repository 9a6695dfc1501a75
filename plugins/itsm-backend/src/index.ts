/**
 * Backstage ITSM backend plugin: services, SLAs, incidents, problems and changes (with the
 * Change Advisory Board) of catalog entities.
 *
 * @packageDocumentation
 */
export { itsmPlugin as default } from './plugin';
export { DatabaseItsmStore } from './store/DatabaseItsmStore';
export type { ItsmStore } from './store/ItsmStore';
export {
  createItsmApplication,
  ItsmApplication,
  type ItsmApplicationOptions,
} from './app/ItsmApplication';
export type { ActionContext } from './app/context';
export type { ItsmEvent, ItsmEventListener } from './app/events';
export * as slaEngine from './domain/sla';
export { itsmSearchCollatorsModule } from './search/module';
export {
  ItsmCollatorFactory,
  ITSM_DOCUMENT_TYPES,
  type ItsmCollatorFactoryOptions,
  type ItsmDocumentType,
  type ItsmSearchDocument,
} from './search/ItsmCollatorFactory';
export { itsmScaffolderActionsModule } from './scaffolder/module';
export {
  createItsmChangeCreateAction,
  createItsmServiceRegisterAction,
  type ItsmScaffolderActionsOptions,
} from './scaffolder/actions';
export { ITSM_ANNOTATIONS } from './domain/catalogSync';
