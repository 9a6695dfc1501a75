export * from './ApiErrorAlert';
export * from './FilterBar';
export * from './HealthStatus';
export * from './PriorityChip';
export * from './RiskChip';
export * from './SlaCountdown';
export * from './WrappingListItemText';
export * from './captionLabel';
