/**
 * A provider that plays "not yours": the reference provider's own CLI, started without
 * `--enable-provider-states` (no state can be set up from outside), on a SQLite file holding
 * one token seeded by `provider:seed`, as an operator would get one. Rate limiting is off: the
 * tests refresh one token family many times a minute, which the default limit exists to stop.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshTokenRequestBody, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { digestOf, openSqliteTokenStore, type RefreshTokenView } from '../../src/provider/index.js';

const tsx = (script: string, args: readonly string[]) =>
  spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, PACT_DO_NOT_TRACK: 'true' },
  });

const output = (child: ChildProcessWithoutNullStreams): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(text))));
  });

/** `provider:seed` on `db`: the token it prints once. */
export const seedToken = async (db: string): Promise<string> => {
  const printed = await output(tsx('src/provider/seed.ts', ['--db', db]));
  const token = /^\s+(rt_\S+)$/m.exec(printed)?.[1];
  if (token === undefined) throw new Error(`seed printed no token:\n${printed}`);
  return token;
};

const listening = (child: ChildProcessWithoutNullStreams): Promise<string> =>
  new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const url = /Provider listening on (http:\/\/\S+)/.exec(text)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.on('close', (code) => reject(new Error(`provider exited with ${code}: ${text}`)));
  });

export interface UnownedProvider {
  readonly url: string;
  /** A directory of the test's own, removed by `close`. */
  readonly dir: string;
  /** The token `provider:seed` printed. */
  readonly seeded: string;
  readonly db: string;
  readonly close: () => Promise<void>;
}

export const startUnownedProvider = async (): Promise<UnownedProvider> => {
  const dir = mkdtempSync(join(tmpdir(), 'unowned-provider-'));
  const db = join(dir, 'provider.sqlite');
  const seeded = await seedToken(db);
  const child = tsx('src/provider/main.ts', ['--port', '0', '--db', db, '--rate-limit', '0']);
  const url = await listening(child);
  return {
    url,
    dir,
    seeded,
    db,
    close: async () => {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await closed;
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A refresh as any client sends it: the status and the body. */
export const refresh = async (
  url: string,
  token: string,
): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> => {
  const response = await fetch(`${url}${TOKEN_REFRESH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(refreshTokenRequestBody(token)),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/**
 * What the provider's store says of a token, without presenting it (presenting spends it): a
 * token that "still works" is known, not rotated, in a family not revoked.
 */
export const storedToken = async (
  db: string,
  token: string,
): Promise<RefreshTokenView | undefined> => {
  const store = openSqliteTokenStore(db);
  try {
    return await store.findRefreshToken(digestOf(token));
  } finally {
    await store.close();
  }
};

export const stillWorks = (view: RefreshTokenView | undefined): boolean =>
  view !== undefined && view.rotatedAt === undefined && view.familyRevokedAt === undefined;
