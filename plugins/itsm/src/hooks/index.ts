export * from './useCursorPagedData';
export * from './useEntitySummary';
export * from './useItsmTranslation';
export * from './useLinkedIncident';
export * from './useNow';
export * from './useRiskModel';
export * from './useSubmit';
export * from './useSuccessAlert';
