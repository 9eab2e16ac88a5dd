/**
 * A fresh, empty Pact Broker for one `describe`: started with basic auth on a
 * free port, on SQLite or on its own PostgreSQL cluster, before its tests,
 * stopped (and its data removed) after them. A broker that is not installed fails
 * the suite (`npm run test:broker` installs it first), never skips it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { BrokerConfig } from '../../../src/broker/config.js';
import type { Env } from '../../../src/config/index.js';
import {
  localBrokerInstalled,
  startLocalBroker,
  stopLocalBroker,
  type BrokerDatabase,
  type LocalBroker,
} from '../../../src/broker/local-broker.js';

export const CREDENTIALS = { username: 'pipeline', password: 'not-a-real-secret-7f3a' };

const settings = { basicAuth: CREDENTIALS, readyTimeoutMs: 60_000 };

/** The value of a Right, or the test fails with the Left's message. */
export const right = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) assert.fail(result.left.message);
  return result.right;
};

export interface FreshBroker {
  readonly broker: LocalBroker;
  readonly dataDir: string;
  /** How the suite reaches it: its URL and the basic-auth credentials... */
  readonly config: BrokerConfig;
  /** ...and the same as a pipeline step gets them, as variables. */
  readonly env: Env;
}

/** Call inside a `describe`; the returned function gives the running broker to its tests. */
export const useFreshBroker = (
  name: string,
  database: BrokerDatabase = 'sqlite',
): (() => FreshBroker) => {
  let running: FreshBroker | undefined;
  let dataDir: string | undefined;

  before(async function () {
    const installed = localBrokerInstalled();
    if (E.isLeft(installed)) assert.fail(`no local Pact Broker: ${installed.left}`);
    const start = async () => {
      const dir = mkdtempSync(join(tmpdir(), `pact-broker-${name}-${database}-`));
      dataDir = dir;
      return { dir, started: await startLocalBroker({ ...settings, database, dataDir: dir })() };
    };
    // A broker that boots but never answers has been seen once in CI: the
    // message says why, and the suite tries once more on a fresh directory.
    let attempt = await start();
    if (E.isLeft(attempt.started)) {
      console.log(`      broker start failed, trying once more: ${attempt.started.left.message}`);
      rmSync(attempt.dir, { recursive: true, force: true });
      attempt = await start();
    }
    const { dir } = attempt;
    const broker = right(attempt.started);
    running = {
      broker,
      dataDir: dir,
      config: { baseUrl: broker.url, auth: { _tag: 'basic', ...CREDENTIALS } },
      env: {
        PACT_BROKER_BASE_URL: broker.url,
        PACT_BROKER_USERNAME: CREDENTIALS.username,
        PACT_BROKER_PASSWORD: CREDENTIALS.password,
      },
    };
  });

  after(async () => {
    if (running !== undefined) await stopLocalBroker(running.broker)();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  return () => {
    if (running === undefined)
      throw new Error('the broker is not running (its before hook failed)');
    return running;
  };
};
