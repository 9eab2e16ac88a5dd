export * from './faulty.js';
export * from './sqlite.js';
export * from './token-store.js';
