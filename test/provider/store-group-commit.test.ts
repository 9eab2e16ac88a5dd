/**
 * Group commit in the SQLite store: rotations that arrive together share one
 * transaction, yet each is decided, applied or rolled back on its own.
 */
import assert from 'node:assert/strict';
import {
  digestOf,
  IN_MEMORY,
  newSecret,
  openSqliteTokenStore,
  REFRESH_TOKEN_PREFIX,
  type NewToken,
  type TokenStore,
} from '../../src/provider/index.js';

const NOW = Date.UTC(2026, 0, 1);
const DAY = 24 * 60 * 60 * 1000;

const token = (secret: string): NewToken => ({
  digest: digestOf(secret),
  issuedAt: NOW,
  expiresAt: NOW + DAY,
});

const seedFamily = async (store: TokenStore, secret: string, familyId: string) => {
  await store.createClient({ id: `client-of-${familyId}`, name: 'c', createdAt: NOW });
  await store.createFamily(
    { id: familyId, clientId: `client-of-${familyId}`, scope: 'payable:read', createdAt: NOW },
    token(secret),
  );
};

const rotation = (presented: string, successor = newSecret(REFRESH_TOKEN_PREFIX)) => ({
  presentedDigest: digestOf(presented),
  refreshToken: token(successor),
  accessToken: token(newSecret('at_')),
  now: NOW + 1000,
});

describe('provider store: SQLite group commit', () => {
  let store: TokenStore;
  beforeEach(async () => {
    store = openSqliteTokenStore(IN_MEMORY);
    await seedFamily(store, 'rt_a', 'family-a');
    await seedFamily(store, 'rt_b', 'family-b');
  });
  afterEach(() => store.close());

  it('rotates different tokens presented together', async () => {
    const outcomes = await Promise.all([
      store.rotate(rotation('rt_a')),
      store.rotate(rotation('rt_b')),
    ]);
    assert.deepEqual(outcomes, ['rotated', 'rotated']);
    assert.notEqual((await store.findRefreshToken(digestOf('rt_a')))?.rotatedAt, undefined);
    assert.notEqual((await store.findRefreshToken(digestOf('rt_b')))?.rotatedAt, undefined);
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
    const [good, broken] = await Promise.allSettled([
      store.rotate(rotation('rt_a')),
      store.rotate(rotation('rt_b', 'rt_a')),
    ]);
    assert.deepEqual(good, { status: 'fulfilled', value: 'rotated' });
    assert.equal(broken?.status, 'rejected');
    assert.notEqual((await store.findRefreshToken(digestOf('rt_a')))?.rotatedAt, undefined);
    // The broken rotation's spend of rt_b was rolled back with it: rt_b is still unspent.
    assert.equal((await store.findRefreshToken(digestOf('rt_b')))?.rotatedAt, undefined);
  });
});
