export * from './client.js';
export * from './errors.js';
export * from './holder.js';
export * from './log.js';
export * from './outcome.js';
export * from './response.js';
export * from './retry-after.js';
export * from './store.js';
