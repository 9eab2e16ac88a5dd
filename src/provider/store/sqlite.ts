/**
 * The SQLite engine of {@link TokenStore} (better-sqlite3). A file database
 * runs in WAL mode and survives restarts; ':memory:' is for tests. The schema
 * is created on open and versioned with `PRAGMA user_version`.
 */
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import type {
  AccessTokenView,
  ClientRecord,
  NewClient,
  NewFamily,
  NewToken,
  RefreshTokenView,
  RevocationReason,
  Rotation,
  RotationOutcome,
  TokenStore,
} from './token-store.js';

export const IN_MEMORY = ':memory:';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  suspended_at INTEGER
) STRICT;

CREATE TABLE IF NOT EXISTS token_families (
  id             TEXT PRIMARY KEY,
  client_id      TEXT NOT NULL REFERENCES clients(id),
  scope          TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  revoked_at     INTEGER,
  revoked_reason TEXT
) STRICT;

-- token_digest: SHA-256 hex of the token; the token itself is never stored.
CREATE TABLE IF NOT EXISTS refresh_tokens (
  token_digest TEXT PRIMARY KEY CHECK (length(token_digest) = 64),
  family_id    TEXT NOT NULL REFERENCES token_families(id),
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  rotated_at   INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens(family_id);

CREATE TABLE IF NOT EXISTS access_tokens (
  token_digest TEXT PRIMARY KEY CHECK (length(token_digest) = 64),
  family_id    TEXT NOT NULL REFERENCES token_families(id),
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS access_tokens_family ON access_tokens(family_id);
`;

interface ClientRow {
  id: string;
  name: string;
  created_at: number;
  suspended_at: number | null;
}

interface RefreshRow {
  token_digest: string;
  family_id: string;
  client_id: string;
  scope: string;
  issued_at: number;
  expires_at: number;
  rotated_at: number | null;
  family_revoked_at: number | null;
  client_suspended_at: number | null;
}

interface AccessRow {
  token_digest: string;
  family_id: string;
  scope: string;
  issued_at: number;
  expires_at: number;
  family_revoked_at: number | null;
}

const optional = (value: number | null): number | undefined => value ?? undefined;

const clientOf = (row: ClientRow): ClientRecord => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  suspendedAt: optional(row.suspended_at),
});

const refreshViewOf = (row: RefreshRow): RefreshTokenView => ({
  digest: row.token_digest,
  familyId: row.family_id,
  clientId: row.client_id,
  scope: row.scope,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  rotatedAt: optional(row.rotated_at),
  familyRevokedAt: optional(row.family_revoked_at),
  clientSuspendedAt: optional(row.client_suspended_at),
});

const accessViewOf = (row: AccessRow): AccessTokenView => ({
  digest: row.token_digest,
  familyId: row.family_id,
  scope: row.scope,
  issuedAt: row.issued_at,
  expiresAt: row.expires_at,
  familyRevokedAt: optional(row.family_revoked_at),
});

const openDatabase = (path: string): Database.Database => {
  const db = new Database(path);
  if (path !== IN_MEMORY) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Other processes may hold the write lock briefly (a seed script, say).
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true });
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `token store ${path}: schema version ${version} is newer than this provider's ${SCHEMA_VERSION}`,
    );
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
};

/** Every statement the store runs, prepared once per database. */
const prepareStatements = (db: Database.Database) => ({
  insertClient: db.prepare<[string, string, number]>(
    'INSERT INTO clients (id, name, created_at) VALUES (?, ?, ?)',
  ),
  selectClient: db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE id = ?'),
  updateSuspended: db.prepare<[number, string]>(
    'UPDATE clients SET suspended_at = coalesce(suspended_at, ?) WHERE id = ?',
  ),
  insertFamily: db.prepare<[string, string, string, number]>(
    'INSERT INTO token_families (id, client_id, scope, created_at) VALUES (?, ?, ?, ?)',
  ),
  insertRefresh: db.prepare<[string, string, number, number]>(
    'INSERT INTO refresh_tokens (token_digest, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?)',
  ),
  insertAccess: db.prepare<[string, string, number, number]>(
    'INSERT INTO access_tokens (token_digest, family_id, issued_at, expires_at) VALUES (?, ?, ?, ?)',
  ),
  selectRefresh: db.prepare<[string], RefreshRow>(`
    SELECT r.token_digest, r.family_id, f.client_id, f.scope, r.issued_at, r.expires_at,
           r.rotated_at, f.revoked_at AS family_revoked_at, c.suspended_at AS client_suspended_at
      FROM refresh_tokens r
      JOIN token_families f ON f.id = r.family_id
      JOIN clients c ON c.id = f.client_id
     WHERE r.token_digest = ?`),
  selectAccess: db.prepare<[string], AccessRow>(`
    SELECT a.token_digest, a.family_id, f.scope, a.issued_at, a.expires_at,
           f.revoked_at AS family_revoked_at
      FROM access_tokens a
      JOIN token_families f ON f.id = a.family_id
     WHERE a.token_digest = ?`),
  // The whole exchangeability check sits in the WHERE clause: the row changes
  // only if, at this instant, nobody has spent, revoked, expired or suspended
  // it. `changes` then says whether this request won.
  spendRefresh: db.prepare<{ digest: string; now: number }>(`
    UPDATE refresh_tokens SET rotated_at = @now
     WHERE token_digest = @digest
       AND rotated_at IS NULL
       AND expires_at > @now
       AND EXISTS (
         SELECT 1 FROM token_families f JOIN clients c ON c.id = f.client_id
          WHERE f.id = refresh_tokens.family_id
            AND f.revoked_at IS NULL
            AND c.suspended_at IS NULL)`),
  selectFamilyOf: db.prepare<[string], { family_id: string }>(
    'SELECT family_id FROM refresh_tokens WHERE token_digest = ?',
  ),
  updateFamilyRevoked: db.prepare<[number, string, string]>(
    'UPDATE token_families SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL',
  ),
  updateExpiry: db.prepare<[number, string]>(
    'UPDATE refresh_tokens SET expires_at = ? WHERE token_digest = ?',
  ),
});

type Statements = ReturnType<typeof prepareStatements>;

/** One rotation: spend the presented token, insert its successor and an access token. */
const rotationTransaction = (db: Database.Database, sql: Statements) =>
  db.transaction((rotation: Rotation): RotationOutcome => {
    const spent = sql.spendRefresh.run({ digest: rotation.presentedDigest, now: rotation.now });
    if (spent.changes !== 1) return 'stale';
    const family = sql.selectFamilyOf.get(rotation.presentedDigest);
    if (family === undefined) throw new Error('token store: rotated token vanished');
    const { refreshToken: next, accessToken: access } = rotation;
    sql.insertRefresh.run(next.digest, family.family_id, next.issuedAt, next.expiresAt);
    sql.insertAccess.run(access.digest, family.family_id, access.issuedAt, access.expiresAt);
    return 'rotated';
  });

interface Queued {
  readonly rotation: Rotation;
  readonly settle: (outcome: E.Either<unknown, RotationOutcome>) => void;
}

/**
 * Group commit: the rotations that arrive in one event-loop turn share one
 * transaction, so a file database pays for one commit per batch instead of
 * one per refresh. Each rotation still runs alone in a savepoint (a nested
 * better-sqlite3 transaction) and its conditional UPDATE alone decides
 * whether it won; one failing rotation fails only its own request.
 */
const groupCommit = (
  db: Database.Database,
  rotateOne: (rotation: Rotation) => RotationOutcome,
): TokenStore['rotate'] => {
  let queued: Queued[] = [];
  const rotateBatchTx = db.transaction((batch: readonly Queued[]) =>
    batch.map(({ rotation }) =>
      E.tryCatch(
        () => rotateOne(rotation),
        (error) => error,
      ),
    ),
  );
  const flushRotations = () => {
    const batch = queued;
    queued = [];
    let outcomes: readonly E.Either<unknown, RotationOutcome>[];
    try {
      // IMMEDIATE takes the write lock up front: no upgrade deadlock between processes.
      outcomes = rotateBatchTx.immediate(batch);
    } catch (error) {
      outcomes = batch.map(() => E.left(error));
    }
    batch.forEach((item, index) => item.settle(outcomes[index] ?? E.left(new Error('lost'))));
  };
  return (rotation) =>
    new Promise<RotationOutcome>((resolve, reject) => {
      if (queued.length === 0) setImmediate(flushRotations);
      queued.push({
        rotation,
        settle: (outcome) => (E.isRight(outcome) ? resolve(outcome.right) : reject(outcome.left)),
      });
    });
};

/** Opens (creating if needed) the SQLite token store at `path` or ':memory:'. */
export const openSqliteTokenStore = (path: string = IN_MEMORY): TokenStore => {
  const db = openDatabase(path);
  const sql = prepareStatements(db);
  const createFamilyTx = db.transaction((family: NewFamily, first: NewToken) => {
    sql.insertFamily.run(family.id, family.clientId, family.scope, family.createdAt);
    sql.insertRefresh.run(first.digest, family.id, first.issuedAt, first.expiresAt);
  });

  // better-sqlite3 is synchronous; `async` turns a thrown error into a rejection.
  return {
    createClient: async (client: NewClient) => {
      sql.insertClient.run(client.id, client.name, client.createdAt);
      return { ...client, suspendedAt: undefined };
    },
    findClient: async (id) => {
      const row = sql.selectClient.get(id);
      return row === undefined ? undefined : clientOf(row);
    },
    suspendClient: async (id, at) => sql.updateSuspended.run(at, id).changes === 1,
    createFamily: async (family, firstToken) => {
      // IMMEDIATE takes the write lock up front: no upgrade deadlock between processes.
      createFamilyTx.immediate(family, firstToken);
    },
    findRefreshToken: async (digest) => {
      const row = sql.selectRefresh.get(digest);
      return row === undefined ? undefined : refreshViewOf(row);
    },
    rotate: groupCommit(db, rotationTransaction(db, sql)),
    findAccessToken: async (digest) => {
      const row = sql.selectAccess.get(digest);
      return row === undefined ? undefined : accessViewOf(row);
    },
    revokeFamily: async (familyId: string, at: number, reason: RevocationReason) =>
      sql.updateFamilyRevoked.run(at, reason, familyId).changes === 1,
    expireRefreshToken: async (digest, at) => sql.updateExpiry.run(at, digest).changes === 1,
    close: async () => {
      if (db.open) db.close();
    },
  };
};
