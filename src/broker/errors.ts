/** What can go wrong when talking to a Pact Broker, as values. Messages never hold secrets. */
export type BrokerError =
  | { readonly kind: 'MissingConfig'; readonly variable: string; readonly message: string }
  | { readonly kind: 'InvalidConfig'; readonly variable: string; readonly message: string }
  | { readonly kind: 'InvalidArgument'; readonly message: string }
  | {
      readonly kind: 'CliFailed';
      /** The command as run, secrets masked. */
      readonly commandLine: string;
      readonly exitCode: number | null;
      /** stdout + stderr of the CLI, secrets masked. */
      readonly output: string;
      readonly message: string;
    }
  | { readonly kind: 'CliOutputInvalid'; readonly commandLine: string; readonly message: string }
  | { readonly kind: 'Git'; readonly message: string }
  | { readonly kind: 'LocalBroker'; readonly message: string }
  /** The broker did not answer the check made before a command. */
  | { readonly kind: 'Unreachable'; readonly variable: string; readonly message: string };

export const missingConfig = (variable: string, why: string): BrokerError => ({
  kind: 'MissingConfig',
  variable,
  message: `${variable} is not set: ${why}`,
});

export const invalidConfig = (variable: string, why: string): BrokerError => ({
  kind: 'InvalidConfig',
  variable,
  message: `${variable} is invalid: ${why}`,
});

export const invalidArgument = (message: string): BrokerError => ({
  kind: 'InvalidArgument',
  message,
});

export const localBrokerError = (message: string): BrokerError => ({
  kind: 'LocalBroker',
  message,
});
