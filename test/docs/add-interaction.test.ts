/**
 * The README's "Adding an interaction" steps, followed on a scratch copy of the project (never
 * the project itself): an entry with a new provider state and its consumer test leave the type
 * checker asking for exactly the files the steps name next, and once those are done, it passes;
 * `npm start` then verifies the new interaction and says that pacts/, which it leaves alone,
 * differs from its recording.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INTERACTIONS } from '../../contracts/index.js';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { NOT_ON_CI } from '../support/sockets.js';

/** The files the README's steps name, in the order it names them. */
const filesTheStepsName = (): string[] => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Adding an interaction');
  assert.ok(start !== -1, 'README.md has no "Adding an interaction" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...new Set([...section.matchAll(/`([\w./-]+\.ts)`/g)].map(([, file = '']) => file))];
};

/** The project's own files (tracked, or new and not ignored), node_modules shared by a link. */
const scratchCopy = (): string => {
  const copy = mkdtempSync(join(tmpdir(), 'add-interaction-'));
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(PROJECT_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, file), join(copy, file));
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
};

/** One step's edit: `addition` goes in before `anchor`, which must be in the file once. */
const insertBefore = (copy: string, file: string, anchor: string, addition: string): void => {
  const path = join(copy, file);
  const text = readFileSync(path, 'utf8');
  assert.equal(text.split(anchor).length, 2, `${file}: the anchor of the edit is not there once`);
  writeFileSync(path, text.replace(anchor, `${addition}${anchor}`));
};

/** The files the type checker finds errors in, and its output. */
const typeErrors = (copy: string): { files: string[]; output: string } => {
  const tsc = join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // `nice`: below the other suites running beside it (mocha's parallel mode).
  const run = spawnSync(
    'nice',
    [
      process.execPath,
      tsc,
      '-p',
      join(copy, 'tsconfig.json'),
      '--incremental',
      '--tsBuildInfoFile',
      join(copy, '.tsbuildinfo'),
    ],
    { cwd: copy, encoding: 'utf8' },
  );
  const output = `${run.stdout}${run.stderr}`;
  const files = [...output.matchAll(/^([^\s(]+\.ts)\(\d+,\d+\): error TS/gm)].map(
    ([, f = '']) => f,
  );
  assert.ok(
    run.status === 0 || files.length > 0,
    `tsc ended with ${String(run.status)}: ${output}`,
  );
  return { files: [...new Set(files)].sort(), output };
};

const STATE_NAME = 'a client holds a refresh token of a kind the steps added';

describe("the README's steps for adding an interaction", function () {
  // Two runs of the type checker over the whole project (the second incremental).
  this.timeout(600_000);
  let copy = '';
  before(() => (copy = scratchCopy()));
  after(() => rmSync(copy, { recursive: true, force: true }));

  it('name every file the type checker asks for, and then it passes', () => {
    const named = filesTheStepsName();
    for (const file of [
      'contracts/interactions.ts',
      'test/consumer/token-refresh.pact.test.ts',
      'src/provider/states.ts',
      'src/verify/live/decisions.ts',
    ])
      assert.ok(
        named.includes(file),
        `the steps do not name ${file} (they name ${named.join(', ')})`,
      );

    // Steps 1 and 2: the entry, with a new state, and its consumer test.
    insertBefore(
      copy,
      'contracts/interactions.ts',
      '} as const;\nexport type ProviderStateName',
      `  addedByTheSteps: '${STATE_NAME}',\n`,
    );
    insertBefore(
      copy,
      'contracts/interactions.ts',
      "  {\n    key: 'expired-refresh-token',",
      [
        '  {',
        "    key: 'added-by-the-steps',",
        "    description: 'a refresh with a refresh token of the added kind',",
        '    state: { name: ProviderStates.addedByTheSteps, params: {} },',
        '    request: withStateToken(),',
        '    response: errorResponse(401),',
        '  },',
        '',
      ].join('\n'),
    );
    insertBefore(
      copy,
      'test/consumer/token-refresh.pact.test.ts',
      "    'rotated-refresh-token',\n  ] as const)",
      "    'added-by-the-steps',\n",
    );
    const asked = typeErrors(copy);
    assert.deepEqual(
      asked.files,
      ['src/provider/states.ts', 'src/verify/live/decisions.ts'],
      asked.output,
    );
    assert.ok(
      asked.files.every((file) => named.includes(file)),
      `the type checker asks for a file the steps do not name:\n${asked.output}`,
    );

    // Steps 3 and 4: the state's handler and its live decision.
    insertBefore(
      copy,
      'src/provider/states.ts',
      '  [ProviderStates.serviceAvailable]: async',
      [
        '  [ProviderStates.addedByTheSteps]: async (context) => {',
        '    const expiredAt = context.services.clock.now() - 1000;',
        '    return handing((await grantToNewClient(context, expiredAt)).refreshToken);',
        '  },',
        '',
        '',
      ].join('\n'),
    );
    insertBefore(
      copy,
      'src/verify/live/decisions.ts',
      "  [ProviderStates.serviceAvailable]: { _tag: 'NothingToSetUp' },",
      "  [ProviderStates.addedByTheSteps]: { _tag: 'Never', why: 'the steps added it' },\n",
    );
    const done = typeErrors(copy);
    assert.deepEqual(done.files, [], done.output);
  });

  it('then npm start verifies it, and says pacts/ differs instead of rewriting it', () => {
    const pact = join('pacts', 'token-refresh-client-spendesk-public-api.json');
    const committed = readFileSync(join(copy, pact), 'utf8');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/pipeline/main.ts'], {
      cwd: copy,
      encoding: 'utf8',
      env: {
        ...process.env,
        PACT_DO_NOT_TRACK: 'true',
        ...NOT_ON_CI,
        REPORTS_DIR: join(copy, 'reports'),
      },
    });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(
      run.stdout,
      new RegExp(`^ok +verification .* ${INTERACTIONS.length + 1} interactions verified$`, 'm'),
    );
    assert.match(
      run.stdout,
      /^pacts\/ differs from this recording \(reports\/pacts\/token-refresh-client-spendesk-public-api\.json\) and was left as committed: review the change, then npm run pact:update$/m,
    );
    assert.equal(readFileSync(join(copy, pact), 'utf8'), committed, 'npm start rewrote pacts/');
  });
});
