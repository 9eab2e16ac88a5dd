/**
 * The local Pact Broker on PostgreSQL really keeps its data in the cluster that
 * `broker:start -- --database postgres` makes: what goes in through the broker's API is read
 * back with psql straight from the cluster's tables, no SQLite file appears, and
 * `broker:stop` stops the cluster, whose data the next start finds again.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { CONSUMER_NAME, PROVIDER_NAME } from '../../contracts/index.js';
import { main } from '../../src/broker/cli.js';
import {
  startLocalBroker,
  stopLocalBrokerIn,
  type LocalBroker,
} from '../../src/broker/local-broker.js';
import { MASK } from '../../src/broker/mask.js';
import { createEnvironment, publish } from './support/broker-queries.js';
import { right, useFreshBroker } from './support/fresh-broker.js';

/** Rows of a query run by psql against the broker's database, columns split on tabs. */
const psql = (broker: LocalBroker, query: string): string[][] => {
  assert.equal(broker.database.kind, 'postgres');
  const url = broker.database.kind === 'postgres' ? broker.database.url : '';
  const out = execFileSync('psql', [url, '--no-psqlrc', '-tA', '-F', '\t', '-c', query], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
};

/** Every file under `dir` whose name says SQLite. */
const sqliteFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) =>
    /\.(sqlite3?|db)(-journal|-wal|-shm)?$/.test(name),
  );

/** Whether something accepts TCP connections on 127.0.0.1:port. */
const listening = (port: number): Promise<boolean> =>
  new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });

describe('the local Pact Broker on PostgreSQL', function () {
  this.timeout(180_000);
  const fresh = useFreshBroker('proof', 'postgres');

  it('keeps what the broker is given in the PostgreSQL cluster, not in a SQLite file', async () => {
    const { broker, env, dataDir } = fresh();
    assert.match(
      broker.database.kind === 'postgres' ? broker.database.url : '',
      /^postgres:\/\/pact_broker:[^@]+@127\.0\.0\.1:\d+\/pact_broker$/,
    );
    const environment = await createEnvironment(env, ['--name', 'pg-proof']);
    // The committed pact, from pacts/.
    await publish(env, ['--consumer-app-version', 'pg-1', '--branch', 'main']);

    assert.deepEqual(psql(broker, "SELECT uuid FROM environments WHERE name = 'pg-proof'"), [
      [environment.uuid],
    ]);
    assert.deepEqual(
      psql(broker, 'SELECT name FROM pacticipants').flat().sort(),
      [CONSUMER_NAME, PROVIDER_NAME].sort(),
    );
    assert.deepEqual(
      psql(
        broker,
        'SELECT p.name, v.number, b.name FROM versions v ' +
          'JOIN pacticipants p ON p.id = v.pacticipant_id ' +
          'JOIN branch_versions bv ON bv.version_id = v.id JOIN branches b ON b.id = bv.branch_id',
      ),
      [[CONSUMER_NAME, 'pg-1', 'main']],
    );
    assert.deepEqual(sqliteFiles(dataDir), []);
  });

  it('broker:stop stops the cluster too, and the next start finds its data again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pact-broker-restart-'));
    try {
      const started = await main([
        'broker-start',
        '--database',
        'postgres',
        '--port',
        '0',
        '--data-dir',
        dataDir,
        '--json',
      ]);
      assert.equal(started.exitCode, 0, started.stderr);
      const shown = JSON.parse(started.stdout) as LocalBroker;
      assert.equal(shown.database.kind, 'postgres');
      const shownUrl = new URL(shown.database.kind === 'postgres' ? shown.database.url : '');
      assert.equal(decodeURIComponent(shownUrl.password), MASK, 'the password is never printed');
      await createEnvironment({ PACT_BROKER_BASE_URL: shown.url }, [
        '--name',
        'survives-a-restart',
      ]);

      const stopped = await main(['broker-stop', '--data-dir', dataDir]);
      assert.equal(stopped.stdout, 'Pact Broker stopped');
      assert.equal(await listening(Number(shownUrl.port)), false, 'PostgreSQL still listens');

      const again = right(await startLocalBroker({ dataDir, database: 'postgres' })());
      assert.deepEqual(psql(again, 'SELECT name FROM environments'), [['survives-a-restart']]);
      assert.deepEqual(await stopLocalBrokerIn(dataDir)(), E.right(true));
    } finally {
      await stopLocalBrokerIn(dataDir)();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a database it does not know, before starting anything', async () => {
    const result = await main(['broker-start', '--database', 'mysql', '--data-dir', tmpdir()]);
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /--database must be one of sqlite, postgres, got mysql/);
  });
});
