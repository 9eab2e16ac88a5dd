/**
 * The SQLite token store on its own: atomic rotation, persistence across a
 * restart, secrets stored only as digests, and the fault-injecting decorator.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { refreshTokenRequestBody, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import {
  createProviderServices,
  digestOf,
  IN_MEMORY,
  newSecret,
  openSqliteTokenStore,
  REFRESH_TOKEN_PREFIX,
  startProvider,
  StoreUnavailableError,
  withFaults,
  type NewToken,
  type TokenStore,
} from '../../src/provider/index.js';

const NOW = Date.UTC(2026, 0, 1);
const DAY = 24 * 60 * 60 * 1000;

const token = (secret: string, expiresAt = NOW + DAY): NewToken => ({
  digest: digestOf(secret),
  issuedAt: NOW,
  expiresAt,
});

/** A client with one family holding `secret`. */
const seedFamily = async (store: TokenStore, secret: string, familyId = 'family-1') => {
  await store.createClient({ id: `client-of-${familyId}`, name: 'c', createdAt: NOW });
  await store.createFamily(
    { id: familyId, clientId: `client-of-${familyId}`, scope: 'payable:read', createdAt: NOW },
    token(secret),
  );
};

const rotation = (presented: string, now = NOW + 1000) => ({
  presentedDigest: digestOf(presented),
  refreshToken: token(newSecret(REFRESH_TOKEN_PREFIX)),
  accessToken: token(newSecret('at_')),
  now,
});

describe('provider store: SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'provider-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a refresh token by digest, with its family scope and client', async () => {
    const store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_one');
    const view = await store.findRefreshToken(digestOf('rt_one'));
    assert.equal(view?.scope, 'payable:read');
    assert.equal(view?.clientId, 'client-of-family-1');
    assert.equal(view?.rotatedAt, undefined);
    assert.equal(await store.findRefreshToken(digestOf('rt_other')), undefined);
    await store.close();
  });

  it('rotates a token once: of concurrent rotations exactly one wins', async () => {
    const store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_one');
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => store.rotate(rotation('rt_one'))),
    );
    assert.equal(outcomes.filter((o) => o === 'rotated').length, 1);
    assert.equal(outcomes.filter((o) => o === 'stale').length, 49);
    await store.close();
  });

  it('rotates once across two connections to the same file', async () => {
    const path = join(dir, 'tokens.sqlite');
    const first = openSqliteTokenStore(path);
    const second = openSqliteTokenStore(path);
    await seedFamily(first, 'rt_one');
    const outcomes = [
      await first.rotate(rotation('rt_one')),
      await second.rotate(rotation('rt_one')),
    ];
    assert.deepEqual(outcomes, ['rotated', 'stale']);
    await first.close();
    await second.close();
  });

  it('stores the successor in the same family and the access token, both as digests', async () => {
    const store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_one');
    const next = rotation('rt_one');
    assert.equal(await store.rotate(next), 'rotated');
    const successor = await store.findRefreshToken(next.refreshToken.digest);
    assert.equal(successor?.familyId, 'family-1');
    assert.equal((await store.findAccessToken(next.accessToken.digest))?.scope, 'payable:read');
    assert.equal((await store.findRefreshToken(digestOf('rt_one')))?.rotatedAt, NOW + 1000);
    await store.close();
  });

  it('refuses to rotate an expired, revoked or suspended token', async () => {
    const store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_expired', 'f-expired');
    await store.expireRefreshToken(digestOf('rt_expired'), NOW);
    assert.equal(await store.rotate(rotation('rt_expired')), 'stale');

    await seedFamily(store, 'rt_revoked', 'f-revoked');
    assert.equal(await store.revokeFamily('f-revoked', NOW, 'administrative'), true);
    assert.equal(await store.revokeFamily('f-revoked', NOW, 'administrative'), false);
    assert.equal(await store.rotate(rotation('rt_revoked')), 'stale');

    await seedFamily(store, 'rt_suspended', 'f-suspended');
    assert.equal(await store.suspendClient('client-of-f-suspended', NOW), true);
    assert.equal(await store.rotate(rotation('rt_suspended')), 'stale');
    assert.equal(await store.suspendClient('no-such-client', NOW), false);
    await store.close();
  });

  it('creates a family and its first token together or not at all', async () => {
    const store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_one');
    const family2 = { id: 'family-2', clientId: 'client-of-family-1', scope: 'x', createdAt: NOW };
    // The first token's digest is taken: the insert fails after the family's.
    await assert.rejects(store.createFamily(family2, token('rt_one')));
    // Had the family row stayed behind, its id would now be taken.
    await store.createFamily(family2, token('rt_two'));
    assert.equal((await store.findRefreshToken(digestOf('rt_two')))?.familyId, 'family-2');
    await store.close();
  });

  it('survives a restart: a file database keeps clients, families and spent tokens', async () => {
    const path = join(dir, 'tokens.sqlite');
    const before = openSqliteTokenStore(path);
    await seedFamily(before, 'rt_one');
    const next = rotation('rt_one');
    await before.rotate(next);
    await before.close();

    const after = openSqliteTokenStore(path);
    assert.notEqual((await after.findRefreshToken(digestOf('rt_one')))?.rotatedAt, undefined);
    assert.equal((await after.findRefreshToken(next.refreshToken.digest))?.familyId, 'family-1');
    assert.equal((await after.findClient('client-of-family-1'))?.name, 'c');
    await after.close();
  });

  it('survives a provider restart over HTTP: tokens and spent tokens are remembered', async () => {
    const path = join(dir, 'provider.sqlite');
    const post = (url: string, refreshToken: string) =>
      fetch(`${url}${TOKEN_REFRESH_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(refreshTokenRequestBody(refreshToken)),
      });
    const first = await startProvider({ databasePath: path });
    const client = await first.services.tokens.registerClient({ name: 'restart' })();
    assert.ok(E.isRight(client));
    const spent = await first.services.tokens.grant({ clientId: client.right.id, scope: 'a' })();
    const kept = await first.services.tokens.grant({ clientId: client.right.id, scope: 'b' })();
    assert.ok(E.isRight(spent) && E.isRight(kept));
    assert.equal((await post(first.url, spent.right.refreshToken)).status, 200);
    await first.close();

    const second = await startProvider({ databasePath: path });
    try {
      assert.equal((await post(second.url, kept.right.refreshToken)).status, 200);
      assert.equal((await post(second.url, spent.right.refreshToken)).status, 401);
    } finally {
      await second.close();
    }
  });

  it('uses WAL for files and refuses a database from a newer schema', async () => {
    const path = join(dir, 'tokens.sqlite');
    await openSqliteTokenStore(path).close();
    const db = new Database(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.pragma('user_version = 99');
    db.close();
    assert.throws(() => openSqliteTokenStore(path), /schema version 99/);
  });

  it('keeps only digests: no issued token appears anywhere in the database files', async () => {
    const path = join(dir, 'provider.sqlite');
    const provider = await startProvider({ databasePath: path });
    const client = await provider.services.tokens.registerClient({ name: 'scan' })();
    assert.ok(E.isRight(client));
    const grant = await provider.services.tokens.grant({
      clientId: client.right.id,
      scope: 'payable:read',
    })();
    assert.ok(E.isRight(grant));
    const response = await fetch(`${provider.url}${TOKEN_REFRESH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(refreshTokenRequestBody(grant.right.refreshToken)),
    });
    const issued = (await response.json()) as { access_token: string; refresh_token: string };
    const secrets = [grant.right.refreshToken, issued.refresh_token, issued.access_token];

    // Read the files while the provider still holds them (WAL included), then after close.
    const scan = () => {
      const bytes = Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
      for (const secret of secrets) {
        const random = secret.slice(3);
        assert.ok(!bytes.includes(random), 'a token was found in the database files');
        assert.ok(!bytes.includes(Buffer.from(random, 'base64url')), 'raw token bytes found');
      }
      return bytes;
    };
    scan();
    await provider.close();
    const bytes = scan();
    // The scan can see what is there: the digests are.
    for (const secret of secrets) assert.ok(bytes.includes(digestOf(secret)));
  });

  describe('fault injection', () => {
    it('forwards everything while healthy, and fails on demand by mode', async () => {
      const { store, faults } = withFaults(openSqliteTokenStore(IN_MEMORY));
      await seedFamily(store, 'rt_one');
      assert.equal(faults.mode(), 'healthy');

      faults.fail('read-only');
      assert.notEqual(await store.findRefreshToken(digestOf('rt_one')), undefined);
      await assert.rejects(store.rotate(rotation('rt_one')), StoreUnavailableError);

      faults.fail('unavailable');
      await assert.rejects(store.findRefreshToken(digestOf('rt_one')), StoreUnavailableError);

      faults.heal();
      assert.equal(await store.rotate(rotation('rt_one')), 'rotated');
      await store.close();
    });

    it('makes services built on it fail as values, not as throws', async () => {
      const services = createProviderServices();
      services.faults.fail('unavailable');
      const result = await services.tokens.refresh('rt_anything')();
      assert.ok(E.isLeft(result));
      assert.equal(result.left._tag, 'StoreFailure');
      await services.close();
    });
  });
});

describe('provider store: SQLite group commit', () => {
  // Rotations presented in one event-loop turn share a transaction, yet each is
  // decided, applied or rolled back on its own.
  let store: TokenStore;
  beforeEach(async () => {
    store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_a', 'family-a');
    await seedFamily(store, 'rt_b', 'family-b');
  });
  afterEach(() => store.close());

  const spentAt = async (secret: string) =>
    (await store.findRefreshToken(digestOf(secret)))?.rotatedAt;

  it('rotates different tokens presented together', async () => {
    const outcomes = await Promise.all([
      store.rotate(rotation('rt_a')),
      store.rotate(rotation('rt_b')),
    ]);
    assert.deepEqual(outcomes, ['rotated', 'rotated']);
    assert.notEqual(await spentAt('rt_a'), undefined);
    assert.notEqual(await spentAt('rt_b'), undefined);
  });

  it('lets exactly one of many rotations of the same token win within a batch', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => store.rotate(rotation('rt_a'))),
    );
    assert.equal(outcomes.filter((o) => o === 'rotated').length, 1);
    assert.equal(outcomes.filter((o) => o === 'stale').length, 19);
  });

  it('fails only the rotation that broke, rolling back its own changes', async () => {
    // rt_b's successor collides with a token that exists: its insert violates the key.
    const colliding = { ...rotation('rt_b'), refreshToken: token('rt_a') };
    const [good, broken] = await Promise.allSettled([
      store.rotate(rotation('rt_a')),
      store.rotate(colliding),
    ]);
    assert.deepEqual(good, { status: 'fulfilled', value: 'rotated' });
    assert.equal(broken?.status, 'rejected');
    assert.notEqual(await spentAt('rt_a'), undefined);
    // The broken rotation's spend of rt_b was rolled back with it: rt_b is still unspent.
    assert.equal(await spentAt('rt_b'), undefined);
  });
});
