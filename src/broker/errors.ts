/** What can go wrong around a broker command, as values. Messages never hold secrets. */
export type BrokerError =
  | { readonly _tag: 'MissingConfig'; readonly variable: string; readonly message: string }
  | { readonly _tag: 'InvalidConfig'; readonly variable: string; readonly message: string }
  | { readonly _tag: 'InvalidArgument'; readonly message: string }
  /** The official CLI ran and failed; the message quotes what it printed, secrets masked. */
  | { readonly _tag: 'CliFailed'; readonly exitCode: number; readonly message: string }
  | { readonly _tag: 'Git'; readonly message: string }
  | { readonly _tag: 'LocalBroker'; readonly message: string }
  /** The broker (or a provider: `checkReachable`, src/verify/exchange.ts) did not answer in time. */
  | { readonly _tag: 'Unreachable'; readonly variable: string; readonly message: string };

export const missingConfig = (variable: string, why: string): BrokerError => ({
  _tag: 'MissingConfig',
  variable,
  message: `${variable} is not set: ${why}`,
});

export const invalidConfig = (variable: string, why: string): BrokerError => ({
  _tag: 'InvalidConfig',
  variable,
  message: `${variable} is invalid: ${why}`,
});

export const invalidArgument = (message: string): BrokerError => ({
  _tag: 'InvalidArgument',
  message,
});

export const localBrokerError = (message: string): BrokerError => ({
  _tag: 'LocalBroker',
  message,
});

/**
 * The exit code of a command that ended with this error, by the convention every command keeps
 * (docs/commands.md): 2 for usage and configuration, 1 for a check that failed (the broker did
 * not answer, the local broker did not start), the CLI's own code when it ran and failed.
 */
export const exitCodeOf = (error: BrokerError): number => {
  // A switch, not a comparison: a new kind of error fails to compile until it has its code.
  switch (error._tag) {
    case 'CliFailed':
      return error.exitCode;
    case 'Unreachable':
    case 'LocalBroker':
      return 1;
    case 'MissingConfig':
    case 'InvalidConfig':
    case 'InvalidArgument':
    case 'Git':
      return 2;
  }
};
