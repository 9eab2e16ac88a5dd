/**
 * While a run is in flight, this process answers every request and state change of the
 * verifier (./relay.ts): an uncaught exception here would leave the verifier waiting on answers
 * that never come, and the run would end minutes later, if at all. So for the length of a run
 * such an exception is caught, the run is stopped at once (./fail-fast.ts answers everything
 * that follows), and the first one becomes the run's failure.
 */
import { firstLine } from '../config/index.js';

/** An error in one line, with its code when it has one (`ECONNRESET`...). */
const described = (error: unknown): string => {
  const code: unknown =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return `${firstLine(error)}${code === undefined ? '' : ` (${String(code)})`}`;
};

export interface CrashTrap {
  /** The first crash, as a message. */
  readonly first: () => string | undefined;
  /** A crash caught elsewhere (a request the relay failed to answer). */
  readonly record: (error: unknown) => void;
  readonly release: () => void;
}

export const trapCrashes = (stopRun: (message: string) => void): CrashTrap => {
  const crashes: string[] = [];
  const record = (error: unknown) => {
    const message = `unexpected error during verification: ${described(error)}`;
    crashes.push(message);
    stopRun(message);
  };
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    first: () => crashes[0],
    record,
    release: () => {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
};
