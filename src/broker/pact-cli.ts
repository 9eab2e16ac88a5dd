/**
 * Runs the official Pact CLI (`pact broker ...` from @pact-foundation/pact-cli), every secret
 * masked in what it printed: it prints its variables' values in its `--help`, the broker URL
 * in its errors.
 */
import type * as T from 'fp-ts/lib/Task.js';
import { credentialEnv, ENV, secretsOf, type BrokerConfig } from './config.js';
import { runChild } from '../verify/child.js';
import { maskSecrets } from './mask.js';

/** The CLI's entry script, resolved from the installed package rather than a PATH lookup. */
const PACT_BIN = require.resolve('@pact-foundation/pact-cli/bin/pact.js');

/** What a command printed and its exit code: the CLI's, or this project's own. */
export interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `pact broker <args>` against one broker (config bound, e.g. `pact(['list-environments'])`). */
export type PactBroker = (args: readonly string[]) => T.Task<Run>;

/**
 * The broker and its credentials reach the child here only (never in its arguments, never in a
 * URL): the inherited environment without the connection variables, then the configured ones
 * (none for `--help`). The CLI's other variables (PACT_BROKER_HTTP_RETRIES...) pass through.
 */
const childEnv = (config: BrokerConfig | undefined): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !Object.values(ENV).some((v) => v === name)),
  ),
  PACT_DO_NOT_TRACK: 'true',
  ...(config && { [ENV.baseUrl]: config.baseUrl, ...credentialEnv(config.auth) }),
});

/** `pact broker <args>`; `secrets` are masked too (say, a token the arguments carry). */
export const pactBroker =
  (config: BrokerConfig | undefined, secrets: readonly string[] = []): PactBroker =>
  (args) =>
  async () => {
    const mask = maskSecrets([...(config === undefined ? [] : secretsOf(config)), ...secrets]);
    const { stdout, stderr, code, how } = await runChild(
      process.execPath,
      [PACT_BIN, 'broker', ...args],
      { env: childEnv(config), input: '' },
    );
    // Without an exit code, it did not run to its end: how it ended is the failure.
    return code === undefined
      ? { exitCode: 2, stdout: mask(stdout), stderr: mask(`pact broker: ${how}\n${stderr}`) }
      : { exitCode: code, stdout: mask(stdout), stderr: mask(stderr) };
  };
