/**
 * Interpreters of an io-ts codec tree for contract testing: examples, Pact
 * matchers, plain-words rules and JSON Schema, all read from the same codec;
 * and the comparison of that schema with a provider's published OpenAPI.
 */
export * from './branches.js';
export * from './decode.js';
export * from './describe.js';
export * from './error.js';
export * from './example.js';
export * from './matchers.js';
export * from './fold.js';
export * from './demands.js';
export * from './json-schema.js';
export * from './openapi.js';
export * from './primitives.js';
export * from './tag.js';
