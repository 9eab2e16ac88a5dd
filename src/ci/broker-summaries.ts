/**
 * The job summary's sections of the broker commands (GITHUB_STEP_SUMMARY), built from what the
 * official CLI answers with `--output json` (src/broker/commands.ts wires them):
 *
 * - can-i-deploy: the answer and the matrix rows it rests on. The command runs as typed, its
 *   output and exit code untouched; the matrix is then asked once more in JSON, without the
 *   retries (the answer is in by then), unless the command was typed with `--output json`.
 * - publish: the consumer version, its branch and the broker's link to each pact. A publish
 *   cannot be run twice (a second one is another contract_published event), so it runs with
 *   `--output json` when no output was typed, and prints the broker's notices, the lines its
 *   text output shows; the branch is read from the broker's version (describe-version).
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as T from 'fp-ts/lib/Task.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { PactBroker, Run } from '../broker/pact-cli.js';
import { valueOf, without } from '../broker/typed-arguments.js';
import { markdownTable, markdownText } from './markdown.js';

/** A command's run, and its section of the job summary. */
export interface Summarised {
  readonly run: Run;
  readonly section: readonly string[];
}

/** Where the CLI's JSON starts (publish prints its detection lines first). */
const jsonStart = (lines: readonly string[]): number =>
  Math.max(
    lines.findIndex((line) => /^\s*[[{]/.test(line)),
    0,
  );

/** The JSON document the CLI printed, in one line (json) or several (pretty). */
export const jsonIn = <A>(codec: t.Type<A>, stdout: string): E.Either<string, A> =>
  pipe(
    E.tryCatch(
      (): unknown => {
        const lines = stdout.split('\n');
        return JSON.parse(lines.slice(jsonStart(lines)).join('\n'));
      },
      () => 'no JSON in the answer',
    ),
    E.flatMap((json) =>
      pipe(
        codec.decode(json),
        E.mapLeft(() => 'an answer of another shape'),
      ),
    ),
  );

const title = (command: string) => `### Pact Broker: \`${command}\``;

/** The last line the CLI printed on failure: what it said went wrong. */
const failure = (command: string, run: Run): string[] => [
  title(command),
  '',
  `❌ **failed** (exit code ${run.exitCode}): ${markdownText(
    (run.stderr.trim() || run.stdout.trim()).split('\n').at(-1) ?? '',
  )}`,
];

const Pacticipant = t.type({ name: t.string });
const Version = t.union([t.null, t.partial({ number: t.string, branch: t.string })]);
const Matrix = t.type({
  matrix: t.array(
    t.type({
      consumer: t.intersection([Pacticipant, t.partial({ version: Version })]),
      provider: t.intersection([Pacticipant, t.partial({ version: Version })]),
      verificationResult: t.union([t.null, t.partial({ success: t.boolean })]),
    }),
  ),
  summary: t.intersection([
    t.type({ deployable: t.union([t.boolean, t.null]) }),
    t.partial({ reason: t.string }),
  ]),
});

const ANSWERS = { true: '✅ **Computer says yes**', false: '❌ **Computer says no**' } as const;

const matrixSection = (command: string, { matrix, summary }: t.TypeOf<typeof Matrix>) => [
  title(command),
  '',
  `${summary.deployable === null ? '❔ **Unknown**' : ANSWERS[`${summary.deployable}`]}: ${markdownText(summary.reason ?? '')}`,
  '',
  ...markdownTable(
    ['Consumer', 'Consumer version', 'Provider', 'Provider version', 'Verified'],
    matrix.map(({ consumer, provider, verificationResult }) => [
      consumer.name,
      consumer.version?.number ?? '',
      provider.name,
      provider.version?.number ?? '(none)',
      verificationResult === null
        ? '❔ not yet'
        : verificationResult.success === true
          ? '✅ yes'
          : '❌ failed',
    ]),
  ),
];

/** can-i-deploy as typed, and its section from the matrix in JSON. */
export const canIDeploySummary =
  (command: string) =>
  (pact: PactBroker, args: readonly string[]): T.Task<Summarised> =>
  async () => {
    const run = await pact(['can-i-deploy', ...args])();
    const inJson =
      valueOf(args, 'output') === 'json'
        ? run
        : await pact([
            'can-i-deploy',
            ...without(args, ['output', 'retry-while-unknown', 'retry-interval']),
            '--output',
            'json',
          ])();
    const matrix = jsonIn(Matrix, inJson.stdout);
    return {
      run,
      section: E.isRight(matrix) ? matrixSection(command, matrix.right) : failure(command, inJson),
    };
  };

const Link = t.intersection([t.type({ href: t.string }), t.partial({ name: t.string })]);
const Published = t.intersection([
  t.type({
    _embedded: t.type({ pacticipant: Pacticipant, version: t.type({ number: t.string }) }),
    _links: t.partial({ 'pb:contracts': t.array(Link) }),
  }),
  t.partial({ notices: t.array(t.type({ text: t.string })) }),
]);
const DescribedVersion = t.type({
  _embedded: t.partial({ branchVersions: t.array(t.type({ name: t.string })) }),
});

const publishedSection = (
  command: string,
  published: t.TypeOf<typeof Published>,
  branches: readonly string[],
) => {
  const { pacticipant, version } = published._embedded;
  return [
    title(command),
    '',
    `✅ **${markdownText(pacticipant.name)}** version \`${version.number.replace(/`/g, '')}\`` +
      (branches.length === 0
        ? ', no branch'
        : ` on branch ${branches.map(markdownText).join(', ')}`),
    '',
    ...(published._links['pb:contracts'] ?? []).map(
      ({ href, name }) => `- [${markdownText(name ?? href)}](${encodeURI(href)})`,
    ),
  ];
};

/** What the text output shows: the CLI's detection lines, then the broker's notices. */
const asText = (run: Run, published: t.TypeOf<typeof Published>): Run => {
  const lines = run.stdout.split('\n');
  return {
    ...run,
    stdout: [
      ...lines.slice(0, jsonStart(lines)),
      ...(published.notices ?? []).map(({ text }) => text),
    ].join('\n'),
  };
};

/** Outputs that carry the answer as JSON. */
const JSON_OUTPUTS: readonly (string | undefined)[] = ['json', 'pretty'];

/** A publish typed with `--output text`: what it printed is all there is. */
const textOnly = (command: string): string[] => [
  title(command),
  '',
  '✅ **published**; its version, branch and links are in the log (`--output text`)',
];

/** publish, with `--output json` unless an output was typed; the section from its answer. */
export const publishSummary =
  (command: string) =>
  (pact: PactBroker, args: readonly string[]): T.Task<Summarised> =>
  async () => {
    const typed = valueOf(args, 'output');
    const run = await pact([
      'publish',
      ...args,
      ...(typed === undefined ? ['--output', 'json'] : []),
    ])();
    if (!JSON_OUTPUTS.includes(typed ?? 'json'))
      return { run, section: run.exitCode === 0 ? textOnly(command) : failure(command, run) };
    const published = jsonIn(Published, run.stdout);
    if (run.exitCode !== 0 || E.isLeft(published)) return { run, section: failure(command, run) };
    const { pacticipant, version } = published.right._embedded;
    const described = await pact([
      ...['describe-version', '--pacticipant', pacticipant.name],
      ...['--version', version.number, '--output', 'json'],
    ])();
    const branches = pipe(
      jsonIn(DescribedVersion, described.stdout),
      E.map((d) => (d._embedded.branchVersions ?? []).map(({ name }) => name)),
      E.getOrElse((): string[] => []),
    );
    return {
      run: typed === undefined ? asText(run, published.right) : run,
      section: publishedSection(command, published.right, branches),
    };
  };

/** A command refused before the CLI ran (a variable, the broker unreachable, an argument). */
export const refusedSection = (command: string, message: string): string[] => [
  title(command),
  '',
  `❌ **did not run:** ${markdownText(message)}`,
];
