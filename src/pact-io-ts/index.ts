/**
 * Interpreters of an io-ts codec tree for contract testing: examples, Pact
 * matchers and plain-words rules, all read from the same codec.
 */
export * from './describe.js';
export * from './error.js';
export * from './example.js';
export * from './matchers.js';
export * from './schema.js';
