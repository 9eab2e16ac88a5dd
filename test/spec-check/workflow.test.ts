/**
 * The nightly provider-watch workflow runs spec:check on the URL of a repository variable: the
 * step's own shell script is run here, as GitHub would run it (bash -e), on a spec we serve.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';

const WORKFLOW = '.github/workflows/provider-watch.yml';

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly env?: Readonly<Record<string, string>>;
}

interface Workflow {
  readonly on: { readonly schedule?: readonly { readonly cron: string }[] };
  readonly jobs: Readonly<Record<string, { readonly steps: readonly Step[] }>>;
}

const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;

const specStep = (): Step => {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const found = steps.find((step) => step.run?.includes('npm run spec:check') === true);
  assert.ok(found !== undefined, 'no step runs npm run spec:check');
  return found;
};

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The step's script, run by bash -e as GitHub runs `run:`, with its variable set to `url`. */
const runStep = (url: string): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn('bash', ['-e', '-c', specStep().run ?? ''], {
      env: { ...process.env, PUBLISHED_OPENAPI_URL: url, SPEC_TIMEOUT_MS: '' },
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

describe('the provider-watch workflow', function () {
  this.timeout(120_000);

  it('runs nightly and reads the spec URL from the repository (a secret first, else a variable)', () => {
    assert.match(workflow.on.schedule?.[0]?.cron ?? '', /^\d+ \d+ \* \* \*$/);
    assert.equal(
      specStep().env?.['PUBLISHED_OPENAPI_URL'],
      '${{ secrets.PUBLISHED_OPENAPI_URL || vars.PUBLISHED_OPENAPI_URL }}',
    );
  });

  it('without the variable set, fails saying which variable to set', async () => {
    const run = await runStep('');
    assert.equal(run.status, 2);
    assert.match(
      run.stdout,
      /::error::spec:check: set the repository variable PUBLISHED_OPENAPI_URL/,
    );
  });

  it('with it, checks the spec served there: our copy passes', async () => {
    const body = readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8');
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const run = await runStep(`http://127.0.0.1:${port}/openapi.json`);
      assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /spec:check: no change: /);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
