/** What can go wrong when talking to a Pact Broker, as values. Messages never hold secrets. */
export type BrokerError =
  | { readonly _tag: 'MissingConfig'; readonly variable: string; readonly message: string }
  | { readonly _tag: 'InvalidConfig'; readonly variable: string; readonly message: string }
  | { readonly _tag: 'InvalidArgument'; readonly message: string }
  | {
      readonly _tag: 'CliFailed';
      /** The command as run, secrets masked. */
      readonly commandLine: string;
      readonly exitCode: number | null;
      /** stdout + stderr of the CLI, secrets masked. */
      readonly output: string;
      readonly message: string;
    }
  | { readonly _tag: 'CliOutputInvalid'; readonly commandLine: string; readonly message: string }
  | { readonly _tag: 'Git'; readonly message: string }
  | { readonly _tag: 'LocalBroker'; readonly message: string }
  /** The broker did not answer the check made before a command. */
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
