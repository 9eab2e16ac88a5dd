/**
 * `npm run pact -- <command> [options]`: a broker command (src/broker/commands.ts) once the
 * broker of the PACT_BROKER_* variables (src/broker/config.ts) answers within
 * PACT_BROKER_TIMEOUT_MS, or the local broker's broker-start / broker-stop (local-broker.ts).
 * Exit code 2: refused before the CLI ran, in one line on stderr.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as T from 'fp-ts/lib/Task.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { refusedSection, type Summarised } from '../ci/broker-summaries.js';
import { appendToStepSummary, stepSummaryFile } from '../ci/github.js';
import { maskedFor } from '../ci/secrets.js';
import type { Env } from '../config/index.js';
import { BROKER_COMMANDS, type BrokerCommand, type BrokerCommandName } from './commands.js';
import { brokerConfigFromEnv } from './config.js';
import { invalidArgument, type BrokerError } from './errors.js';
import { LOCAL_BROKER_COMMANDS, type LocalBrokerCommandName } from './local-broker.js';
import { pactBroker, type Run } from './pact-cli.js';
import { checkBroker } from './reachability.js';

const USAGE =
  `usage: cli.ts <${[...Object.keys(BROKER_COMMANDS), ...Object.keys(LOCAL_BROKER_COMMANDS)].join('|')}> [options]\n` +
  '  (a broker command takes the options of `pact broker <command>`: add --help)';

const isOneOf = <K extends string>(table: Readonly<Record<K, unknown>>, name: string): name is K =>
  Object.prototype.hasOwnProperty.call(table, name);

/**
 * The broker and its credentials come from the variables only: checked, masked, out of URLs.
 * Every word is looked at (not only the options typed-arguments.ts reads), wherever it stands.
 */
const connectionFlagRefused = (typed: readonly string[]): E.Either<BrokerError, void> => {
  const flag = typed
    .map((arg) => /^(--broker-(?:base-url|username|password|token)(?==|$)|-[bupk])/.exec(arg)?.[1])
    .find((name) => name !== undefined);
  return flag === undefined
    ? E.right(undefined)
    : E.left(
        invalidArgument(
          `${flag}: give the broker and its credentials as PACT_BROKER_* variables (docs/broker.md), not on the command line`,
        ),
      );
};

/** The command's job-summary form, when there is a summary to write and it has one. */
const summarisedOf = (command: BrokerCommand, env: Env) =>
  stepSummaryFile(env) === undefined ? undefined : command.summarised;

/** The config checked, the arguments made, the broker reached, then the command run. */
const runBrokerCommand = (
  name: BrokerCommandName,
  typed: readonly string[],
  env: Env,
): TE.TaskEither<BrokerError, Summarised> => {
  const command: BrokerCommand = BROKER_COMMANDS[name];
  const summarised = summarisedOf(command, env);
  return pipe(
    TE.fromEither(connectionFlagRefused(typed)),
    TE.flatMapEither(() => brokerConfigFromEnv(env)),
    TE.flatMap((config) =>
      pipe(
        TE.fromEither(command.args?.(typed) ?? E.right(typed)),
        TE.tap(() => checkBroker(env)(config)),
        TE.flatMapTask((args) => {
          const pact = pactBroker(config);
          if (summarised !== undefined) return summarised(pact, args);
          const run = command.run === undefined ? pact([name, ...args]) : command.run(pact, args);
          return T.map((ran: Run) => ({ run: ran, section: [] }))(run);
        }),
      ),
    ),
  );
};

/** Appends the command's section to the job summary; a failure to is a warning, not the command's. */
const summarise = async (
  name: BrokerCommandName,
  env: Env,
  ran: E.Either<BrokerError, Summarised>,
): Promise<string | undefined> => {
  if (summarisedOf(BROKER_COMMANDS[name], env) === undefined) return undefined;
  const mask = maskedFor(env);
  const section = E.isLeft(ran)
    ? refusedSection(`pact broker ${name}`, ran.left.message)
    : ran.right.section;
  const appended = await appendToStepSummary(env, section.map(mask))();
  return E.isLeft(appended) ? `warning: ${appended.left.message}` : undefined;
};

/** Output without its trailing newlines: the entry point ends each stream with one. */
const trimmed = (run: Run): Run => ({
  exitCode: run.exitCode,
  stdout: run.stdout.replace(/\n+$/, ''),
  stderr: run.stderr.replace(/\n+$/, ''),
});

/** Runs one command: what it printed and its exit code. */
export const main = async (argv: readonly string[], env: Env = process.env): Promise<Run> => {
  const [name = '', ...typed] = argv;
  if (isOneOf(LOCAL_BROKER_COMMANDS, name)) {
    return trimmed(await LOCAL_BROKER_COMMANDS[name satisfies LocalBrokerCommandName](typed));
  }
  if (!isOneOf(BROKER_COMMANDS, name)) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: `${name === '' ? '' : `unknown command ${name}\n`}${USAGE}`,
    };
  }
  // The CLI's own help, with no broker and no credentials (it prints its variables' values).
  if (typed.includes('--help') || typed.includes('-h')) {
    return trimmed(await pactBroker(undefined)([name, ...typed])());
  }
  const ran = await runBrokerCommand(name, typed, env)();
  const warning = await summarise(name, env, ran);
  const run = E.isLeft(ran)
    ? { exitCode: 2, stdout: '', stderr: `error: ${ran.left.message}` }
    : trimmed(ran.right.run);
  return warning === undefined
    ? run
    : { ...run, stderr: [run.stderr, warning].filter((s) => s !== '').join('\n') };
};

if (require.main === module) {
  void main(process.argv.slice(2)).then(({ stdout, stderr, exitCode }) => {
    if (stdout !== '') process.stdout.write(`${stdout}\n`);
    if (stderr !== '') process.stderr.write(`${stderr}\n`);
    process.exitCode = exitCode;
  });
}
