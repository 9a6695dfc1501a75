export * from './planCatalogSync';
