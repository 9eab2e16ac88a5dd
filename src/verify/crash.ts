/**
 * While a run is in flight, this process answers every request and state change of the
 * verifier (./fail-fast.ts): an uncaught exception here would leave the verifier waiting on
 * answers that never come, and the run would end minutes later, if at all. So for the length
 * of a run such an exception is caught, the run is stopped at once (./fail-fast.ts answers
 * everything that follows), and the first one becomes the run's failure. The verifier
 * process reports its own the same way (./verifier-process.ts).
 */

/** An error in one line, with its code when it has one (`ECONNRESET`...). */
export const described = (error: unknown): string => {
  const { code } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  return `${message.split('\n')[0] ?? message}${code === undefined ? '' : ` (${String(code)})`}`;
};

export interface CrashTrap {
  /** The first crash, as a message. */
  readonly first: () => string | undefined;
  /** A crash seen elsewhere (the verifier process's), described in one line. */
  readonly record: (description: string) => void;
  readonly release: () => void;
}

export const trapCrashes = (stopRun: (message: string) => void): CrashTrap => {
  const crashes: string[] = [];
  const record = (description: string) => {
    const message = `unexpected error during verification: ${description}`;
    crashes.push(message);
    stopRun(message);
  };
  const onCrash = (error: unknown) => record(described(error));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {
    first: () => crashes[0],
    record,
    release: () => {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    },
  };
};
