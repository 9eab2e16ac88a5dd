/**
 * Concurrency and faults through real HTTP against a SQLite file: a refresh
 * token raced by 100 requests (in one provider process, then split across two
 * processes sharing the file), a provider restarted between two refreshes, and
 * the consumer's token holder under 1,000 concurrent callers.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import {
  decode,
  errorBodyOf,
  refreshTokenRequestBody,
  TOKEN_REFRESH_PATH,
  TokenResponseBody,
} from '../../contracts/index.js';
import {
  createInMemoryRefreshTokenStore,
  createTokenHolder,
  createTokenRefreshClient,
} from '../../src/client/index.js';
import {
  buildProviderApp,
  createProviderServices,
  digestOf,
  startProvider,
  type ProviderServices,
  type RunningProvider,
} from '../../src/provider/index.js';

interface Refreshed {
  readonly status: number;
  readonly body: unknown;
}

const refreshAt = async (baseUrl: string, token: string): Promise<Refreshed> => {
  const response = await fetch(`${baseUrl}${TOKEN_REFRESH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(refreshTokenRequestBody(token)),
  });
  return { status: response.status, body: await response.json() };
};

const rotatedTokenOf = (answer: Refreshed): string => {
  const body = decode(TokenResponseBody)(answer.body);
  if (E.isLeft(body)) assert.fail(`a ${answer.status} that is no token set: ${body.left.message}`);
  return body.right.refresh_token;
};

const assertRefused = (answer: Refreshed) => {
  assert.equal(answer.status, 401);
  assert.ok(E.isRight(decode(errorBodyOf(401))(answer.body)), 'a 401 without its ErrorBody');
};

const grantTo = async (services: ProviderServices) => {
  const client = await services.tokens.registerClient({ name: 'concurrency' })();
  if (E.isLeft(client)) throw new Error('could not register a client');
  const grant = await services.tokens.grant({ clientId: client.right.id, scope: 'payable:read' })();
  if (E.isLeft(grant)) throw new Error('could not grant a refresh token');
  return grant.right;
};

interface FamilyRows {
  readonly family: { revoked_at: number | null; revoked_reason: string | null } | undefined;
  readonly refresh: readonly { token_digest: string; rotated_at: number | null }[];
  readonly access: number;
}

/** The family as the database file holds it, read by a connection of its own. */
const familyInFile = (file: string, familyId: string): FamilyRows => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      family: db
        .prepare<[string], FamilyRows['family'] & object>(
          'SELECT revoked_at, revoked_reason FROM token_families WHERE id = ?',
        )
        .get(familyId),
      refresh: db
        .prepare<[string], FamilyRows['refresh'][number]>(
          'SELECT token_digest, rotated_at FROM refresh_tokens WHERE family_id = ? ORDER BY issued_at, rotated_at IS NULL',
        )
        .all(familyId),
      access:
        db
          .prepare<[string], { n: number }>(
            'SELECT count(*) AS n FROM access_tokens WHERE family_id = ?',
          )
          .get(familyId)?.n ?? -1,
    };
  } finally {
    db.close();
  }
};

/** Exactly one winner; the family revoked for reuse; the spent token and one successor, nothing else. */
const assertRaceOutcome = (
  file: string,
  familyId: string,
  presented: string,
  answers: readonly Refreshed[],
) => {
  const winners = answers.filter((a) => a.status === 200);
  assert.equal(winners.length, 1, `statuses: ${answers.map((a) => a.status).join(' ')}`);
  answers.filter((a) => a.status !== 200).forEach(assertRefused);
  const [winner] = winners;
  const successor = winner === undefined ? '' : rotatedTokenOf(winner);

  const rows = familyInFile(file, familyId);
  assert.equal(rows.family?.revoked_reason, 'reuse-detected');
  assert.ok(rows.family.revoked_at !== null);
  assert.deepEqual(
    rows.refresh.map((r) => ({ digest: r.token_digest, rotated: r.rotated_at !== null })),
    [
      { digest: digestOf(presented), rotated: true },
      { digest: digestOf(successor), rotated: false },
    ],
    'one spent token and one successor: no duplicate, no lost rotation',
  );
  assert.equal(rows.access, 1, 'one access token issued, by the one winner');
  return successor;
};

/** A second provider process on the same file; resolves once it listens. */
const startProviderProcess = (file: string) =>
  new Promise<{ url: string; child: ChildProcess }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/provider/main.ts', '--db', file, '--port', '0', '--rate-limit', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /Provider listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ url, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`provider process exited ${code}: ${output}`)));
  });

const stopProcess = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('hardening: concurrency and faults', function () {
  this.timeout(30_000);

  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hardening-'));
    file = join(dir, 'provider.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('100 concurrent refreshes of one refresh token', () => {
    let provider: RunningProvider | undefined;
    let other: ChildProcess | undefined;
    afterEach(async () => {
      await provider?.close();
      if (other !== undefined) await stopProcess(other);
      provider = undefined;
      other = undefined;
    });

    it('through one provider: one 200, 99 401s, the family revoked', async () => {
      provider = await startProvider({ databasePath: file });
      const { url } = provider;
      const grant = await grantTo(provider.services);
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => refreshAt(url, grant.refreshToken)),
      );
      const successor = assertRaceOutcome(file, grant.familyId, grant.refreshToken, answers);
      assertRefused(await refreshAt(url, successor));
    });

    it('through two provider processes sharing the file: still exactly one winner', async () => {
      // One event loop serialises requests; two processes really race in SQLite.
      provider = await startProvider({ databasePath: file });
      const started = await startProviderProcess(file);
      other = started.child;
      const urls = [provider.url, started.url];
      const grant = await grantTo(provider.services);
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => refreshAt(urls[i % 2] ?? '', grant.refreshToken)),
      );
      const successor = assertRaceOutcome(file, grant.familyId, grant.refreshToken, answers);
      assertRefused(await refreshAt(started.url, successor));
      assertRefused(await refreshAt(provider.url, successor));
    });
  });

  it('keeps rotations across a restart: the successor works, the spent token revokes the family', async () => {
    const first = await startProvider({ databasePath: file });
    const grant = await grantTo(first.services);
    const before = await refreshAt(first.url, grant.refreshToken);
    assert.equal(before.status, 200);
    const successor = rotatedTokenOf(before);
    await first.close();

    const second = await startProvider({ databasePath: file });
    try {
      const after = await refreshAt(second.url, successor);
      assert.equal(after.status, 200, 'the token rotated before the restart still works');
      const latest = rotatedTokenOf(after);
      assertRefused(await refreshAt(second.url, grant.refreshToken));
      assertRefused(await refreshAt(second.url, latest));
      const rows = familyInFile(file, grant.familyId);
      assert.equal(rows.family?.revoked_reason, 'reuse-detected');
      assert.equal(rows.refresh.length, 3);
      assert.deepEqual(
        rows.refresh.map((r) => r.rotated_at !== null),
        [true, true, false],
      );
    } finally {
      await second.close();
    }
  });

  it('has the token holder make one refresh for 1,000 concurrent callers', async () => {
    const services = createProviderServices({ databasePath: file });
    const app = buildProviderApp({ services });
    let requests = 0;
    app.addHook('onRequest', async () => {
      requests += 1;
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = app.server.address();
      assert.ok(address !== null && typeof address === 'object');
      const grant = await grantTo(services);
      const store = createInMemoryRefreshTokenStore(grant.refreshToken);
      const holder = createTokenHolder({
        client: createTokenRefreshClient({ baseUrl: `http://127.0.0.1:${address.port}` }),
        store,
      });

      const callers = <A>(call: () => Promise<A>) =>
        Promise.all(Array.from({ length: 1000 }, () => call()));
      const first = await callers(() => holder.accessToken()());
      assert.equal(requests, 1, 'one refresh request for 1,000 callers');
      const [one] = first;
      assert.ok(one !== undefined && E.isRight(one));
      for (const result of first) assert.equal(result, one, 'every caller gets the same outcome');

      // Everyone reports the token stale at once: still one refresh, with the rotated token.
      const second = await callers(() => holder.refresh()());
      assert.equal(requests, 2);
      const [two] = second;
      for (const result of second) assert.equal(result, two);
      assert.ok(two !== undefined && E.isRight(two));
      assert.notDeepEqual(two, one);
      const saved = await store.load()();
      assert.ok(E.isRight(saved));
      const rows = familyInFile(file, grant.familyId);
      assert.equal(rows.family?.revoked_at, null, 'no reuse: the family is intact');
      assert.equal(rows.refresh.at(-1)?.token_digest, digestOf(saved.right));
    } finally {
      await app.close();
      await services.close();
    }
  });
});
