/**
 * The four sides of the contract checked on any OpenAPI document of the operation: our copy
 * (contracts/openapi/, in `npm test`) or the provider's as published today (`npm run
 * spec:check`). Side 1, client ↔ pact, is the consumer Pact tests.
 */
export * from './client.js';
export * from './operation.js';
export * from './pact.js';
export * from './provider.js';
