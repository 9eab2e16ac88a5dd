/**
 * The project's configuration, read in one place: variables (env.ts), the timeouts
 * (timeouts.ts), the pacts directory with its files (pacts.ts), what runs leave under
 * reports/ (reports.ts), how a thrown error reads in a message (errors.ts), and a command's
 * flags (flags.ts). The broker
 * connection (src/broker/config.ts) and the verification settings (src/verify/config.ts) are
 * built on it.
 */
export * from './env.js';
export * from './errors.js';
export * from './flags.js';
export * from './pacts.js';
export * from './reports.js';
export * from './timeouts.js';
