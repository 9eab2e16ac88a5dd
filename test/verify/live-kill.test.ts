/**
 * `npm run verify:live` killed with SIGKILL at random moments: after each kill, the token the
 * file holds still works (known to the provider, not rotated, its family not revoked), checked
 * in the provider's store without presenting it. The kill lands anywhere in a run: before the
 * refresh, while the provider answers, while the successor is saved, after. (The kill of both
 * the command and its run's process, which can lose a successor, is measured by
 * `npm run bench:live-kill`: docs/verification.md.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { fileLockPath } from '../../src/verify/live/hold.js';
import { tryLock } from '../../src/verify/live/lock.js';
import {
  seedToken,
  startUnownedProvider,
  stillWorks,
  storedToken,
  type UnownedProvider,
} from '../support/unowned-provider.js';
import { LIVE_MAIN, tokenFileIn, verifyLive, WITHOUT_LIVE } from '../support/live-runs.js';

const KILLS = Number(process.env['LIVE_KILLS'] ?? 24);

/** The killed run's own process finishes a save under way, then lets the lock go. */
const lockFreed = async (path: string) => {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const lock = tryLock(path);
    if (E.isRight(lock)) return lock.right.release();
    await sleep(50);
  }
  assert.fail(`${path} still held 30 s after the kill`);
};

describe('npm run verify:live killed with SIGKILL at random moments', function () {
  this.timeout(KILLS * 20_000);
  let provider: UnownedProvider;
  before(async () => {
    provider = await startUnownedProvider();
  });
  after(() => provider.close());

  it(`${KILLS} times: after each kill the saved token still works`, async () => {
    const file = tokenFileIn(join(provider.dir, 'kills'), await seedToken(provider.db));
    const env = { ...WITHOUT_LIVE, PROVIDER_BASE_URL: provider.url, LIVE_REFRESH_TOKEN_FILE: file };
    const startedAt = Date.now();
    const whole = await verifyLive(env);
    assert.equal(whole.code, 0, whole.stdout + whole.stderr);
    const runMs = Date.now() - startedAt;
    // Half the kills anywhere in a run, half within 150 ms of when the first run saved the
    // successor: a run's last moments are few, and they are the ones that matter.
    const rotatedMs = statSync(file).mtimeMs - startedAt;
    const aroundRotation = () => Math.max(0, rotatedMs - 150 + Math.random() * 300);

    let afterRotation = 0;
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const before = readFileSync(file, 'utf8');
      const run = spawn(process.execPath, ['--import', 'tsx', LIVE_MAIN], {
        env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...env },
        stdio: 'ignore',
      });
      const ended = new Promise((resolve) => run.on('close', resolve));
      const at = Math.round(kill % 2 === 0 ? Math.random() * runMs : aroundRotation());
      await sleep(at);
      run.kill('SIGKILL');
      await ended;
      await lockFreed(fileLockPath(file));
      const saved = readFileSync(file, 'utf8');
      if (saved !== before) afterRotation += 1;
      assert.ok(
        stillWorks(await storedToken(provider.db, saved.trim())),
        `kill ${kill}, ${at} ms into a run: the saved token no longer works`,
      );
    }
    console.log(
      `      ${afterRotation} of ${KILLS} kills came after the provider rotated the token (runs of ${Math.round(runMs)} ms)`,
    );
    const last = await verifyLive(env);
    assert.equal(last.code, 0, last.stdout + last.stderr);
  });
});
