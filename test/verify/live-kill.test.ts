/**
 * `npm run verify:live` killed with SIGKILL at random moments: after each kill, the token the
 * file holds still works (known to the provider, not rotated, its family not revoked), checked
 * in the provider's store without presenting it. The kill lands anywhere in a run: before the
 * refresh, while the provider answers, while the successor is saved, after; at least one lands
 * after the provider rotated the token. The moments are drawn from a seed, printed (LIVE_KILL_SEED
 * draws them again). (The kill of both the command and its run's process, which can lose a
 * successor, is measured by `npm run bench:live-kill`: docs/verification.md.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { fileLockPath, tryLock } from '../../src/verify/live/token.js';
import {
  seedToken,
  startUnownedProvider,
  stillWorks,
  storedToken,
  type UnownedProvider,
} from '../support/unowned-provider.js';
import { LIVE_MAIN, tokenFileIn, verifyLive, WITHOUT_LIVE } from '../support/live-runs.js';

const KILLS = Number(process.env['LIVE_KILLS'] ?? 24);
const SEED = Number(process.env['LIVE_KILL_SEED'] ?? randomInt(2 ** 31));

/** The killed run's own process finishes a save under way, then lets the lock go. */
const lockFreed = async (path: string) => {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const lock = tryLock(path);
    if (E.isRight(lock)) return lock.right.release();
    await sleep(50);
  }
  assert.fail(`${path} still held 30 s after the kill`);
};

/** When the provider rotated `token` (epoch ms), as its store says: never presented here. */
const rotatedAt = async (db: string, token: string) => (await storedToken(db, token))?.rotatedAt;

/** Resolves once the provider has rotated `token`, or `ended` has. */
const rotation = async (db: string, token: string, ended: Promise<unknown>) => {
  let over = false;
  void ended.then(() => (over = true));
  while (!over && (await rotatedAt(db, token)) === undefined) await sleep(20);
};

describe('npm run verify:live killed with SIGKILL at random moments', function () {
  this.timeout(KILLS * 20_000);
  let provider: UnownedProvider;
  before(async () => {
    provider = await startUnownedProvider();
  });
  after(() => provider.close());

  it(`${KILLS} times: after each kill the saved token still works`, async function () {
    console.log(`      LIVE_KILL_SEED=${SEED} (set it to draw the same moments again)`);
    const draws = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
      seed: SEED,
      numRuns: KILLS,
    });
    const file = tokenFileIn(join(provider.dir, 'kills'), await seedToken(provider.db));
    const env = {
      ...WITHOUT_LIVE,
      PROVIDER_BASE_URL: provider.url,
      LIVE_REFRESH_TOKEN_FILE: file,
      LIVE_STATE_DIR: join(provider.dir, 'state'),
    };
    const startedAt = Date.now();
    const whole = await verifyLive(env);
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);
    const runMs = Date.now() - startedAt;
    // Each kill takes at most a run and the wait for the lock: generous on a loaded machine.
    this.timeout((KILLS + 2) * (runMs + 10_000));
    const savedMs = statSync(file).mtimeMs - startedAt;
    // A third of the kills anywhere in a run, a third within 150 ms of when the first run saved
    // the successor, a third once the provider has rotated the token: a run's last moments are
    // few, and they are the ones that matter.
    const moment = async (kill: number, draw: number, before: string, ended: Promise<unknown>) => {
      if (kill % 3 === 0) return sleep(draw * runMs);
      if (kill % 3 === 1) return sleep(Math.max(0, savedMs - 150 + draw * 300));
      await rotation(provider.db, before, ended);
      return sleep(draw * Math.max(50, runMs - savedMs));
    };

    let afterRotation = 0;
    for (const [n, draw] of draws.entries()) {
      const before = readFileSync(file, 'utf8').trim();
      const run = spawn(process.execPath, ['--import', 'tsx', LIVE_MAIN], {
        env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...env },
        stdio: 'ignore',
      });
      const ended = new Promise<NodeJS.Signals | null>((resolve) =>
        run.on('close', (_code, signal) => resolve(signal)),
      );
      const started = Date.now();
      await moment(n, draw, before, ended);
      const killedAt = Date.now();
      run.kill('SIGKILL');
      const killed = (await ended) === 'SIGKILL';
      await lockFreed(fileLockPath(file));
      const rotated = await rotatedAt(provider.db, before);
      if (killed && rotated !== undefined && rotated <= killedAt) afterRotation += 1;
      const saved = readFileSync(file, 'utf8').trim();
      assert.ok(
        stillWorks(await storedToken(provider.db, saved)),
        `LIVE_KILL_SEED=${SEED}, kill ${n + 1}, ${killedAt - started} ms into a run: the saved token no longer works`,
      );
    }
    console.log(
      `      ${afterRotation} of ${KILLS} kills came after the provider rotated the token (runs of ${Math.round(runMs)} ms)`,
    );
    assert.ok(
      afterRotation > 0,
      `LIVE_KILL_SEED=${SEED}: no kill landed after the provider rotated the token`,
    );
    const last = await verifyLive(env);
    assert.equal(last.code, 0, last.stdout + last.stderr);
  });
});
