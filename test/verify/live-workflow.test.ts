/**
 * The nightly provider-watch workflow's live job: its step's own script and variables, run as
 * GitHub runs a `run:` (bash -e), against the provider that plays "not yours", with a `gh` on
 * PATH that stands in for GitHub's secret store (it checks its arguments and keeps what it is
 * given on standard input): the successor reaches the secret, and it works.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INTERACTIONS } from '../../contracts/index.js';
import { LIVE_ONLY, WITHOUT_LIVE } from '../support/live-runs.js';
import { combinedOutput } from '../support/sockets.js';
import {
  startUnownedProvider,
  stillWorks,
  storedToken,
  type UnownedProvider,
} from '../support/unowned-provider.js';

interface Step {
  readonly run?: string;
  readonly env?: Readonly<Record<string, string>>;
}
interface Job {
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: { readonly schedule?: readonly { readonly cron: string }[] };
  readonly jobs: Readonly<Record<string, Job>>;
}

const workflow = parse(readFileSync('.github/workflows/provider-watch.yml', 'utf8')) as Workflow;
const liveJob = Object.values(workflow.jobs).find((job) =>
  job.steps.some((step) => step.run?.includes('npm run verify:live') === true),
);
const liveStep = liveJob?.steps.find((step) => step.run?.includes('npm run verify:live') === true);

/** The step's variables, each `${{ ... }}` given by the test under the variable's own name. */
const stepEnv = (given: Readonly<Record<string, string>>): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(liveStep?.env ?? {}).map(([name, value]) => [
      name,
      value.startsWith('${{') ? (given[name] ?? '') : value,
    ]),
  );

const runStep = (env: NodeJS.ProcessEnv) =>
  combinedOutput(
    spawn('bash', ['-e', '-c', liveStep?.run ?? 'exit 99'], {
      env: { ...process.env, ...WITHOUT_LIVE, ...env },
    }),
  );

describe('the provider-watch workflow: verify:live, nightly', function () {
  this.timeout(120_000);
  let provider: UnownedProvider;
  before(async () => {
    provider = await startUnownedProvider();
  });
  after(() => provider.close());

  it('runs nightly, one run at a time, never cancelling one under way', () => {
    assert.match(workflow.on.schedule?.[0]?.cron ?? '', /^\d+ \d+ \* \* \*$/);
    assert.ok(liveStep !== undefined, 'no step runs npm run verify:live');
    assert.deepEqual(liveJob?.concurrency, {
      group: 'live-refresh-token',
      'cancel-in-progress': false,
    });
    assert.equal(liveStep.env?.['LIVE_REFRESH_TOKEN'], '${{ secrets.LIVE_REFRESH_TOKEN }}');
  });

  it('without the deployment or the token, says which to set', async () => {
    const run = await runStep(stepEnv({}));
    assert.equal(run.code, 2);
    assert.match(
      run.output,
      /::error::verify:live: set the repository variable PROVIDER_BASE_URL and the secret LIVE_REFRESH_TOKEN/,
    );
  });

  it('verifies live and hands the successor to `gh secret set`, which keeps one that works', async () => {
    const bin = join(provider.dir, 'bin');
    mkdirSync(bin);
    const kept = join(provider.dir, 'gh-secret');
    // A stand-in for GitHub's CLI: what it would store, only for the expected arguments.
    writeFileSync(
      join(bin, 'gh'),
      `#!/bin/bash\n[ "$*" = "secret set LIVE_REFRESH_TOKEN --repo example-org/consumer" ] || { echo "gh: unexpected $*" >&2; exit 1; }\n[ "$GH_TOKEN" = "writer-token" ] || exit 4\ncat > '${kept}'\n`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const run = await runStep({
      ...stepEnv({
        PROVIDER_BASE_URL: provider.url,
        LIVE_REFRESH_TOKEN: provider.seeded,
        GH_TOKEN: 'writer-token',
      }),
      GITHUB_REPOSITORY: 'example-org/consumer',
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      LIVE_STATE_DIR: join(provider.dir, 'state'),
    });
    assert.equal(run.code, 0, run.output);
    assert.match(
      run.output,
      new RegExp(`Verified live ${LIVE_ONLY.length} of ${INTERACTIONS.length} interactions`),
    );
    const successor = readFileSync(kept, 'utf8');
    assert.notEqual(successor, provider.seeded);
    assert.ok(stillWorks(await storedToken(provider.db, successor)));
    assert.ok(!run.output.includes(successor) && !run.output.includes(provider.seeded));
  });
});
