export * from './decode.js';
export * from './demands.js';
export * from './error.js';
export * from './interactions.js';
export * from './operation.js';
export * from './primitives.js';
export * from './scope.js';
export * from './token-refresh.js';
