/**
 * Runs the official Pact CLI (`pact broker ...` from @pact-foundation/pact-cli). Credentials
 * reach the child only through its environment, never its arguments; everything echoed back
 * (command line, output) is masked all the same.
 */
import { spawn } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { credentialEnv, ENV, secretsOf, type BrokerConfig } from './config.js';
import type { BrokerError } from './errors.js';
import { maskSecrets, redactUrl, renderCommandLine } from './mask.js';

/** The CLI's entry script, resolved from the installed package rather than a PATH lookup. */
const PACT_BIN = require.resolve('@pact-foundation/pact-cli/bin/pact.js');

export interface CliRun {
  /** The command line, as a person would type it, secrets masked. */
  readonly commandLine: string;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The inherited environment, minus any broker settings the config did not choose. */
const childEnv = (config: BrokerConfig): NodeJS.ProcessEnv => {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !Object.values(ENV).some((v) => v === name)),
  );
  return { ...inherited, PACT_DO_NOT_TRACK: 'true', ...credentialEnv(config.auth) };
};

/**
 * Runs `pact broker <args> --broker-base-url <url>` and resolves with its exit code and output
 * (a non-zero exit is not a Left here: can-i-deploy exits 1 for "no"). Left only when the
 * process cannot be started.
 */
export const runPactBroker = (
  config: BrokerConfig,
  args: readonly string[],
): TE.TaskEither<BrokerError, CliRun> => {
  const mask = maskSecrets(secretsOf(config));
  const fullArgs = ['broker', ...args, '--broker-base-url', config.baseUrl];
  const commandLine = mask(
    renderCommandLine('pact', [...fullArgs.slice(0, -1), redactUrl(config.baseUrl)]),
  );
  return () =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [PACT_BIN, ...fullArgs], {
        env: childEnv(config),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) =>
        resolve(
          E.left({
            _tag: 'CliFailed',
            commandLine,
            exitCode: null,
            output: '',
            message: `could not start the Pact CLI (${commandLine}): ${mask(e.message)}`,
          }),
        ),
      );
      child.on('close', (exitCode) =>
        resolve(
          E.right({
            commandLine,
            exitCode,
            stdout: mask(Buffer.concat(out).toString('utf8')),
            stderr: mask(Buffer.concat(err).toString('utf8')),
          }),
        ),
      );
    });
};

/** A failed run as an error value, naming the command and quoting its (masked) output. */
export const cliFailed = (run: CliRun, what: string): BrokerError => {
  const output = [run.stdout.trim(), run.stderr.trim()].filter((s) => s !== '').join('\n');
  return {
    _tag: 'CliFailed',
    commandLine: run.commandLine,
    exitCode: run.exitCode,
    output,
    message: `${what} failed (exit ${String(run.exitCode)}): ${run.commandLine}${output === '' ? '' : `\n${output}`}`,
  };
};

/** Runs and treats any non-zero exit as a failure (for commands that print no JSON answer). */
export const runPactBrokerOk = (
  config: BrokerConfig,
  args: readonly string[],
  what: string,
): TE.TaskEither<BrokerError, CliRun> =>
  pipe(
    runPactBroker(config, args),
    TE.flatMap((run) => (run.exitCode === 0 ? TE.right(run) : TE.left(cliFailed(run, what)))),
  );
