/**
 * `npm run verify:live` against a provider that plays "not yours" (./support/unowned-provider.ts:
 * the reference provider without provider states, one seeded token): run as npm runs it, it
 * verifies what real credentials can establish, keeps the rotated token wherever a save fails,
 * lets two runs never spend one token, and never prints a token.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERACTION, INTERACTIONS } from '../../contracts/index.js';
import * as E from 'fp-ts/lib/Either.js';
import { createProviderServices } from '../../src/provider/index.js';
import { fileLockPath, tryLock } from '../../src/verify/live/token.js';
import { LIVE_ONLY, tokenFileIn, verifyLive, whyNotLive } from '../support/live-runs.js';
import { makeUnwritable } from '../support/unwritable.js';
import type { Finished } from '../support/sockets.js';
import {
  refresh,
  seedToken,
  startUnownedProvider,
  stillWorks,
  storedToken,
  type UnownedProvider,
} from '../support/unowned-provider.js';

const output = (run: Finished) => run.stdout + run.stderr;
const WAITING = /verify:live: waiting: another live run is using LIVE_REFRESH_TOKEN_FILE/;
const lines = (run: Finished) => run.stdout.trim().split('\n');
const read = (file: string) => readFileSync(file, 'utf8').trim();

/** What one live token cannot establish, written by hand. */
const NOT_LIVE = [
  'expired-refresh-token',
  'suspended-client',
  'rotated-refresh-token',
  'rate-limited',
  'store-failing',
] as const;
/** A kept successor, named for the token source and the provider it belongs to. */
const KEPT = '(unsaved-refresh-token-[0-9a-f]{16})';

describe('npm run verify:live against a provider you do not own', function () {
  this.timeout(120_000);
  let provider: UnownedProvider;
  let count = 0;

  before(async () => {
    provider = await startUnownedProvider();
  });
  after(() => provider.close());

  /** A directory of one test's own, with a token file holding `token`. */
  const workspace = (token: string) => {
    const dir = join(provider.dir, `run-${++count}`);
    const file = tokenFileIn(dir, token);
    return {
      dir,
      file,
      env: { PROVIDER_BASE_URL: provider.url, LIVE_STATE_DIR: join(dir, 'state') },
    };
  };

  const assertVerifiedLive = (run: Finished, passed: number) => {
    assert.equal(run.code, 0, output(run));
    assert.equal(
      lines(run).at(-1),
      `Verified live ${passed} of ${INTERACTIONS.length} interactions against ${provider.url}: ${passed} passed, 0 failed`,
    );
  };

  it('verifies what a real token establishes, twice in a row; the saved token still refreshes', async () => {
    const { file, env } = workspace(provider.seeded);
    const first = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file });
    assertVerifiedLive(first, LIVE_ONLY.length);
    for (const key of LIVE_ONLY) {
      assert.ok(
        lines(first).some(
          (l) => l.startsWith('passed') && l.includes(INTERACTION[key].description),
        ),
        `${key}:\n${first.stdout}`,
      );
    }
    for (const key of NOT_LIVE) {
      const { description } = INTERACTION[key];
      assert.ok(
        lines(first).some(
          (l) =>
            /^not verifiable\s/.test(l) &&
            l.endsWith(`${description}: ${whyNotLive(INTERACTION[key].state.name)}`),
        ),
        `${key}:\n${first.stdout}`,
      );
    }
    assert.match(
      first.stdout,
      /the live refresh token was rotated; its successor is saved to LIVE_REFRESH_TOKEN_FILE/,
    );
    const successor = read(file);
    assert.notEqual(successor, provider.seeded);
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the replaced file keeps its mode');

    const second = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file });
    assertVerifiedLive(second, LIVE_ONLY.length);
    assert.notEqual(read(file), successor);
    const after = await refresh(provider.url, read(file));
    assert.equal(after.status, 200, 'the saved token refreshes: its family was never revoked');
  });

  it("verifies an expired token and a suspended client's too, when the operator supplies them", async () => {
    const services = createProviderServices({ databasePath: provider.db });
    const grant = async (clientId: string, expiresAt?: number) => {
      await services.tokens.registerClient({ id: clientId, name: clientId })();
      const granted = await services.tokens.grant({ clientId, scope: 'payable:read', expiresAt })();
      assert.ok(granted._tag === 'Right');
      return granted.right.refreshToken;
    };
    const expired = await grant('expired-client', Date.now() - 60_000);
    const suspended = await grant('suspended-client');
    await services.tokens.suspendClient('suspended-client')();
    await services.close();
    const { file, env } = workspace(await seedToken(provider.db));
    const run = await verifyLive({
      ...env,
      LIVE_REFRESH_TOKEN_FILE: file,
      LIVE_EXPIRED_REFRESH_TOKEN: expired,
      LIVE_SUSPENDED_REFRESH_TOKEN: suspended,
    });
    assertVerifiedLive(run, LIVE_ONLY.length + 2);
    assert.ok(!output(run).includes(expired) && !output(run).includes(suspended), output(run));
  });

  it('hands the successor to LIVE_TOKEN_SAVE_COMMAND; the same token again is refused, never replayed', async () => {
    const token = await seedToken(provider.db);
    const { dir, env } = workspace('unused');
    const saved = join(dir, 'secret-store');
    const command = { LIVE_REFRESH_TOKEN: token, LIVE_TOKEN_SAVE_COMMAND: `cat > '${saved}'` };
    const run = await verifyLive({ ...env, ...command });
    assertVerifiedLive(run, LIVE_ONLY.length);
    assert.ok(stillWorks(await storedToken(provider.db, read(saved))));

    const again = await verifyLive({ ...env, ...command });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /refusing: a live run already had this LIVE_REFRESH_TOKEN rotated/);
    assert.ok(
      stillWorks(await storedToken(provider.db, read(saved))),
      'the family was not revoked',
    );
  });

  it('a save command that fails: exit 1, the successor kept in a 0600 file; the next run of that token refuses', async () => {
    const token = await seedToken(provider.db);
    const { dir, env } = workspace('unused');
    const failing = {
      LIVE_REFRESH_TOKEN: token,
      LIVE_TOKEN_SAVE_COMMAND: 'cat > /dev/null; echo denied >&2; exit 3',
    };
    const run = await verifyLive({ ...env, ...failing });
    assert.equal(run.code, 1, output(run));
    const last = new RegExp(
      `^verify:live: the successor of the live refresh token was not saved \\(exited 3: denied\\); it is kept in (${join(dir, 'state', KEPT)}) \\(mode 0600\\): save it as the live token, then remove that file; the run stopped there$`,
    ).exec(run.stderr.trim().split('\n').at(-1) ?? '');
    const kept = last?.[1] ?? assert.fail(output(run));
    assert.equal(statSync(kept).mode & 0o777, 0o600);
    assert.ok(stillWorks(await storedToken(provider.db, read(kept))), 'nothing lost');

    // The secret still holds the spent token: the next run with it, saving there, refuses.
    const next = await verifyLive({ ...env, ...failing });
    assert.equal(next.code, 1);
    assert.equal(
      next.stderr.trim(),
      `verify:live: refusing: an earlier run against ${new URL(provider.url).href} could not save the successor of the LIVE_REFRESH_TOKEN saved by LIVE_TOKEN_SAVE_COMMAND, so that token is spent; the successor (or the answer that carried it) is kept in ${kept}: save it with your LIVE_TOKEN_SAVE_COMMAND (it is the token to run with), remove the kept file, then run again`,
    );
    assert.ok(stillWorks(await storedToken(provider.db, read(kept))), 'still nothing lost');
  });

  it("a kept successor stops only its own token's runs at its own provider", async function () {
    this.timeout(480_000); // five runs and a second provider, on a loaded machine
    const { dir, env } = workspace('unused');
    const failing = { LIVE_TOKEN_SAVE_COMMAND: 'cat > /dev/null; exit 3' };
    const spent = await seedToken(provider.db);
    const first = await verifyLive({ ...env, ...failing, LIVE_REFRESH_TOKEN: spent });
    const kept = new RegExp(`kept in (\\S+/${KEPT}) `).exec(first.stderr)?.[1];
    assert.ok(kept !== undefined, output(first));

    // Another token source at the same provider: the kept successor itself, saved elsewhere.
    const saved = join(dir, 'secret-store');
    const other = await verifyLive({
      ...env,
      LIVE_REFRESH_TOKEN: read(kept),
      LIVE_TOKEN_SAVE_COMMAND: `cat > '${saved}'`,
    });
    assertVerifiedLive(other, LIVE_ONLY.length);
    assert.ok(stillWorks(await storedToken(provider.db, read(saved))));

    // The same source at another provider: not stopped (its save fails there too, kept apart).
    const elsewhere = await startUnownedProvider();
    try {
      const there = await verifyLive({
        ...env,
        ...failing,
        PROVIDER_BASE_URL: elsewhere.url,
        LIVE_REFRESH_TOKEN: elsewhere.seeded,
      });
      assert.doesNotMatch(there.stderr, /refusing/, output(there));
      const keptThere = new RegExp(`kept in (\\S+/${KEPT}) `).exec(there.stderr)?.[1];
      assert.ok(keptThere !== undefined && keptThere !== kept, output(there));
      assert.ok(stillWorks(await storedToken(elsewhere.db, read(keptThere))));
    } finally {
      await elsewhere.close();
    }

    // And the same source at the same provider still refuses: it is the scope that let the others run.
    const again = await verifyLive({ ...env, ...failing, LIVE_REFRESH_TOKEN: spent });
    assert.equal(again.code, 1, output(again));
    assert.ok(again.stderr.includes(`is kept in ${kept}: save it with your`), output(again));
  });

  it("an earlier version's kept successor: one in LIVE_STATE_DIR, which names no token, stops no run; one beside the token file stops that file", async () => {
    const { dir, file, env } = workspace(await seedToken(provider.db));
    const unnamed = join(dir, 'state', 'unsaved-refresh-token');
    mkdirSync(join(dir, 'state'));
    writeFileSync(unnamed, 'rt_kept-by-an-earlier-version\n', { mode: 0o600 });
    const run = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file });
    assertVerifiedLive(run, LIVE_ONLY.length);
    assert.ok(
      run.stderr.includes(
        `verify:live: ${unnamed}, kept by an earlier version, names no token and stops no run: if it is the successor of LIVE_REFRESH_TOKEN_FILE (${file}), save it in its place, then remove it`,
      ),
      run.stderr,
    );

    const token = read(file);
    writeFileSync(`${file}.unsaved`, 'rt_kept-by-an-earlier-version\n', { mode: 0o600 });
    const refused = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file });
    assert.equal(refused.code, 1, output(refused));
    assert.match(
      refused.stderr,
      new RegExp(
        `refusing: .* successor of LIVE_REFRESH_TOKEN_FILE \\(${file}\\), .* kept in ${file}\\.unsaved: move it over ${file},`,
      ),
    );
    assert.ok(stillWorks(await storedToken(provider.db, token)), 'not presented');
  });

  it('a token file that cannot be replaced: refused before the token is presented', async function () {
    const token = await seedToken(provider.db);
    const { dir, file, env } = workspace(token);
    const unwritable = makeUnwritable(dir);
    if (unwritable === undefined) this.skip();
    try {
      const run = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file });
      assert.equal(run.code, 1, output(run));
      assert.match(run.stderr, /LIVE_REFRESH_TOKEN_FILE.*the live token was not presented/);
    } finally {
      unwritable?.();
    }
    assert.equal(read(file), token);
    assert.ok(stillWorks(await storedToken(provider.db, token)), 'nothing presented, nothing lost');
  });

  it('a run that finds another using the token file waits for it, then verifies with its successor', async () => {
    const { file, env } = workspace(await seedToken(provider.db));
    // The other run: it holds the token file's lock, and saves a successor before it lets go.
    const other = tryLock(fileLockPath(file));
    assert.ok(E.isRight(other), 'the lock is free before the run');
    const rotated = await refresh(provider.url, read(file));
    assert.equal(rotated.status, 200);
    const successor = String(rotated.body['refresh_token']);
    let released = false;
    const run = await verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file }, [], (stderr) => {
      if (released || !WAITING.test(stderr)) return;
      writeFileSync(file, `${successor}\n`);
      other.right.release();
      released = true;
    });
    assert.ok(released, `the run never said it waits:\n${output(run)}`);
    assertVerifiedLive(run, LIVE_ONLY.length);
    assert.ok(stillWorks(await storedToken(provider.db, read(file))), 'the family is alive');
  });

  it('two runs at once on one token file: both verify, one after the other; nothing is lost', async () => {
    const { file, env } = workspace(await seedToken(provider.db));
    const runs = await Promise.all(
      [1, 2].map(() => verifyLive({ ...env, LIVE_REFRESH_TOKEN_FILE: file })),
    );
    for (const run of runs) assertVerifiedLive(run, LIVE_ONLY.length);
    // Whether the second started before the first ended is the machine's timing: at most one waits.
    assert.ok(runs.filter((r) => WAITING.test(r.stderr)).length <= 1);
    assert.ok(stillWorks(await storedToken(provider.db, read(file))));
  });

  it('two runs at once with one LIVE_REFRESH_TOKEN: one verifies, the other refuses', async () => {
    const token = await seedToken(provider.db);
    const { dir, env } = workspace('unused');
    const saved = join(dir, 'secret-store');
    const command = { LIVE_REFRESH_TOKEN: token, LIVE_TOKEN_SAVE_COMMAND: `cat > '${saved}'` };
    const runs = await Promise.all([1, 2].map(() => verifyLive({ ...env, ...command })));
    const [passed, refused] = [runs.filter((r) => r.code === 0), runs.filter((r) => r.code === 1)];
    assert.equal(passed.length, 1, runs.map(output).join('\n---\n'));
    assert.match(
      refused[0]?.stderr ?? '',
      /verify:live: refusing: (another live run is presenting|a live run already had) this LIVE_REFRESH_TOKEN/,
    );
    assert.ok(stillWorks(await storedToken(provider.db, read(saved))));
  });
});
