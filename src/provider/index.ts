/** The reference provider of POST /v0/oauth2/token/refresh: what others import. */
export * from './clock.js';
export { buildProviderApp, DEFAULT_BODY_LIMIT, type ProviderAppOptions } from './http/app.js';
export {
  MIN_SECRET_LENGTH,
  PROVIDER_STATES_PATH,
  PROVIDER_STATES_SECRET_HEADER,
  StateChangeBody,
} from './http/provider-states-route.js';
export * from './rate-limiter.js';
export { digestOf, newSecret, ACCESS_TOKEN_PREFIX, REFRESH_TOKEN_PREFIX } from './secrets.js';
export * from './services.js';
export * from './start.js';
export * from './states.js';
export * from './store/index.js';
export * from './token-service.js';
