export * from './contrast';
export * from './errors';
export * from './format';
export * from './slaStatus';
