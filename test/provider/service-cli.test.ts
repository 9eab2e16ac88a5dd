/**
 * The command-line entry points as a user runs them: seed a trial token,
 * start the provider, refresh with the printed token, stop with SIGTERM; and
 * bad flags refused with a message and exit code 2.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TOKEN_REFRESH_PATH } from '../../contracts/index.js';

const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'provider', 'main.ts');
const SEED = join(ROOT, 'src', 'provider', 'seed.ts');

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const launch = (script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
  spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, PROVIDER_STATES_SECRET: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const collect = (child: ChildProcess) => {
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const finished = new Promise<Finished>((done) => {
    child.on('close', (code) => done({ code, ...output }));
  });
  return { output, finished };
};

const run = (script: string, args: readonly string[], env?: NodeJS.ProcessEnv) =>
  collect(launch(script, args, env)).finished;

/** Resolves with the URL the provider prints once it listens. */
const listeningUrl = (child: ChildProcess, output: { stdout: string }) =>
  new Promise<string>((found, failed) => {
    const look = () => {
      const match = /Provider listening on (http:\/\/\S+)/.exec(output.stdout);
      if (match?.[1] !== undefined) found(match[1]);
    };
    child.stdout?.on('data', look);
    child.on('close', (code) => failed(new Error(`provider exited early with ${String(code)}`)));
  });

describe('provider CLIs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'provider-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds a token, serves it, and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'provider.sqlite');
    const seeded = await run(SEED, ['--db', db, '--client', 'cli-test', '--scope', 'user:read']);
    assert.equal(seeded.code, 0, seeded.stderr);
    const token = /^\s+(rt_[A-Za-z0-9_-]+)$/m.exec(seeded.stdout)?.[1];
    assert.ok(token !== undefined, seeded.stdout);
    assert.match(
      seeded.stdout,
      /curl -sS -X POST 'http:\/\/127\.0\.0\.1:8080\/v0\/oauth2\/token\/refresh'/,
    );
    assert.ok(seeded.stdout.includes(`"refresh_token":"${token}"`));

    const child = launch(MAIN, ['--port', '0', '--db', db]);
    const { output, finished } = collect(child);
    try {
      const url = await listeningUrl(child, output);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${url}${TOKEN_REFRESH_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: token }),
      });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { scope: string }).scope, 'user:read');
    } finally {
      child.kill('SIGTERM');
    }
    const exit = await finished;
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /Received SIGTERM, shutting down/);
    assert.ok(!exit.stdout.includes(token) && !exit.stderr.includes(token), 'token logged');
  });

  const refusals: readonly {
    what: string;
    script: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    message: RegExp;
  }[] = [
    { what: 'an unknown flag', script: MAIN, args: ['--bogus'], message: /--bogus/ },
    {
      what: 'a port that is not a number',
      script: MAIN,
      args: ['--port', 'http'],
      message: /--port: expected a whole number/,
    },
    { what: 'a port out of range', script: MAIN, args: ['--port', '70000'], message: /--port/ },
    { what: 'a bad PORT', script: MAIN, args: [], env: { PORT: '-1' }, message: /PORT: expected/ },
    {
      what: 'a negative rate limit',
      script: MAIN,
      args: ['--rate-limit', '-3'],
      message: /--rate-limit/,
    },
    {
      what: 'a zero window',
      script: MAIN,
      args: ['--rate-window-seconds', '0'],
      message: /--rate-window-seconds/,
    },
    {
      what: 'provider states without a secret',
      script: MAIN,
      args: ['--enable-provider-states'],
      message: /PROVIDER_STATES_SECRET/,
    },
    { what: 'an invalid seed scope', script: SEED, args: ['--scope', 'a  b'], message: /--scope/ },
    {
      what: 'a seed URL that is not http',
      script: SEED,
      args: ['--url', 'ftp://x'],
      message: /--url/,
    },
  ];

  for (const { what, script, args, env, message } of refusals) {
    it(`exits 2 with a message for ${what}`, async () => {
      const result = await run(script, args, { DATABASE_PATH: join(dir, 'unused.sqlite'), ...env });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage:/);
    });
  }
});
