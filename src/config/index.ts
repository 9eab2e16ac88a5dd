/**
 * The project's configuration, read in one place: variables (env.ts), the timeouts
 * (timeouts.ts) and the pacts directory with its files (pacts.ts). The broker connection
 * (src/broker/config.ts) and the verification settings (src/verify/config.ts) are built on it.
 */
export * from './env.js';
export * from './pacts.js';
export * from './timeouts.js';
