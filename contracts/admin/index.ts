// Coordinator administration contracts: one import for the web app.
export * from './organisations.ts';
export * from './users.ts';
export * from './professional-id.ts';
