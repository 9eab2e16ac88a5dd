/**
 * `npm run pact -- <command> [options]`: any command of the official `pact broker` CLI, passed
 * through as typed once the broker of the PACT_BROKER_* variables (src/broker/config.ts) answers
 * within PACT_BROKER_TIMEOUT_MS; four of them with this project's extras (src/broker/commands.ts);
 * or the local broker's broker-start / broker-stop (local-broker.ts). `--help`, and a command the
 * CLI does not know, get the CLI's own answer, without a broker or credentials.
 * Refused before the CLI ran: one line on stderr prefixed `pact:`, exit 2 for usage and
 * configuration, 1 for a broker that does not answer (docs/commands.md).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as T from 'fp-ts/lib/Task.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { refusedSection, type Summarised } from '../ci/broker-summaries.js';
import { appendToStepSummary, stepSummaryFile } from '../ci/github.js';
import { maskedFor } from '../ci/secrets.js';
import { BROKER_TIMEOUT_VARIABLE, helpAsked, timeoutMsFrom, type Env } from '../config/index.js';
import { checkReachable } from '../verify/exchange.js';
import { BROKER_COMMANDS, type BrokerCommand, type BrokerCommandName } from './commands.js';
import { brokerConfigFromEnv, brokerUp, ENV, type BrokerConfig } from './config.js';
import { exitCodeOf, invalidArgument, invalidConfig, type BrokerError } from './errors.js';
import { LOCAL_BROKER_COMMANDS, type LocalBrokerCommandName } from './local-broker.js';
import { pactBroker, type Run } from './pact-cli.js';

/** The prefix of this command's own lines (docs/commands.md). */
const PREFIX = 'pact:';

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

/**
 * Before a broker command: the broker answers within PACT_BROKER_TIMEOUT_MS, or the command
 * is one line instead of the Pact CLI's minute of retries.
 */
const checkBroker =
  (env: Env) =>
  (config: BrokerConfig): TE.TaskEither<BrokerError, void> =>
    pipe(
      TE.fromEither(timeoutMsFrom(env, BROKER_TIMEOUT_VARIABLE)),
      TE.mapLeft(({ variable, why }) => invalidConfig(variable, why)),
      TE.flatMap((timeoutMs) => checkReachable(ENV.baseUrl, config.baseUrl, timeoutMs, brokerUp)),
    );

/** One of the four with extras, or the CLI's command as it is (every word passed through). */
const commandNamed = (name: string): BrokerCommand =>
  isOneOf(BROKER_COMMANDS, name) ? BROKER_COMMANDS[name satisfies BrokerCommandName] : {};

/**
 * The config checked, the arguments made, the broker reached, then the command run: in its
 * job-summary form (`summarised`) when there is a summary to write and it has one.
 */
const runBrokerCommand = (
  name: string,
  typed: readonly string[],
  env: Env,
  summarised: BrokerCommand['summarised'],
): TE.TaskEither<BrokerError, Summarised> => {
  const { args = E.right, run } = commandNamed(name);
  return pipe(
    TE.fromEither(connectionFlagRefused(typed)),
    TE.flatMapEither(() => brokerConfigFromEnv(env)),
    TE.bindTo('config'),
    TE.bind('args', () => TE.fromEither(args(typed))),
    TE.tap(({ config }) => checkBroker(env)(config)),
    TE.flatMapTask(({ config, args }) => {
      const pact = pactBroker(config);
      if (summarised !== undefined) return summarised(pact, args);
      const ran = run === undefined ? pact([name, ...args]) : run(pact, args);
      return T.map((ended: Run) => ({ run: ended, section: [] }))(ran);
    }),
  );
};

/** Appends the command's section to the job summary; a failure to is a warning, not the command's. */
const summarise = async (
  name: string,
  env: Env,
  ran: E.Either<BrokerError, Summarised>,
): Promise<string | undefined> => {
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

/** The CLI's own answer to the words as typed, with no broker and no credentials (its --help prints them). */
const cliAnswer = async (argv: readonly string[]): Promise<Run> =>
  trimmed(await pactBroker(undefined)(argv)());

/** Whether the CLI has this command (`pact broker help <name>` answers 0). */
const cliKnows = async (name: string): Promise<boolean> =>
  (await pactBroker(undefined)(['help', name])()).exitCode === 0;

/** Runs one command: what it printed and its exit code. */
export const main = async (argv: readonly string[], env: Env = process.env): Promise<Run> => {
  const [name = '', ...typed] = argv;
  if (isOneOf(LOCAL_BROKER_COMMANDS, name)) {
    return trimmed(await LOCAL_BROKER_COMMANDS[name satisfies LocalBrokerCommandName](typed));
  }
  // `--help`, `help <command>`, or nothing: the CLI's help (it lists its commands).
  if (name === '' || name === 'help' || helpAsked(argv)) return cliAnswer(argv);
  const summarised = stepSummaryFile(env) === undefined ? undefined : commandNamed(name).summarised;
  const ran = await runBrokerCommand(name, typed, env, summarised)();
  // Refused before the CLI ran a command it does not have: its answer, not ours.
  if (E.isLeft(ran) && !isOneOf(BROKER_COMMANDS, name) && !(await cliKnows(name))) {
    return cliAnswer(argv);
  }
  const warning = summarised === undefined ? undefined : await summarise(name, env, ran);
  const run = E.isLeft(ran)
    ? { exitCode: exitCodeOf(ran.left), stdout: '', stderr: `${PREFIX} ${ran.left.message}` }
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
