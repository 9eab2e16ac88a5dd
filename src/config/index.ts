/**
 * The project's configuration, read in one place: variables (env.ts), command lines
 * (command-line.ts), the timeouts (timeouts.ts), the pacts directory with its files (pacts.ts),
 * what runs leave under reports/ (reports.ts), and how a thrown error reads in a message
 * (errors.ts). The broker connection (src/broker/config.ts) and the verification settings
 * (src/verify/config.ts) are built on it.
 */
export * from './command-line.js';
export * from './env.js';
export * from './errors.js';
export * from './pacts.js';
export * from './reports.js';
export * from './timeouts.js';
