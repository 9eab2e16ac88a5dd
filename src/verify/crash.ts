/**
 * The Rust verifier runs inside this process, and the process cannot exit while it runs (exit
 * waits for it). An uncaught exception would stop the event loop that answers it, and the run
 * would hang for minutes after the stack trace. So for the length of a run such an exception
 * is caught, the run is stopped at once (./fail-fast.ts answers everything that follows), and
 * the first one becomes the run's failure.
 */

const described = (error: unknown): string => {
  const { code } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown };
  const message = error instanceof Error ? error.message : String(error);
  return `${message.split('\n')[0] ?? message}${code === undefined ? '' : ` (${String(code)})`}`;
};

export interface CrashTrap {
  /** The first crash, as a message. */
  readonly first: () => string | undefined;
  readonly release: () => void;
}

export const trapCrashes = (stopRun: (message: string) => void): CrashTrap => {
  const crashes: string[] = [];
  const onCrash = (error: unknown) => {
    const message = `unexpected error during verification: ${described(error)}`;
    crashes.push(message);
    stopRun(message);
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return {
    first: () => crashes[0],
    release: () => {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    },
  };
};
