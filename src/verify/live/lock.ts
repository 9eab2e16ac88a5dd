/**
 * One live run per token at a time. The lock is SQLite's own exclusive lock on a small database
 * file (better-sqlite3, already the reference provider's store): a POSIX lock the operating
 * system releases when its process ends, however it ends, so a run killed with SIGKILL leaves
 * no stale lock behind and the next run needs no guess about how old a lock may be.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { errorCode, errorMessage } from '../../config/index.js';

export interface RunLock {
  readonly path: string;
  readonly release: () => void;
}

export type LockFailure =
  /** Another live run holds it. */
  | { readonly _tag: 'Busy'; readonly path: string }
  /** The lock file cannot be made or opened (its directory is not writable, say). */
  | { readonly _tag: 'Unavailable'; readonly path: string; readonly message: string };

const isBusy = (error: unknown): boolean =>
  ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(errorCode(error) ?? '');

/** Takes the lock at `path` now, or says why not. */
export const tryLock = (path: string): E.Either<LockFailure, RunLock> => {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    return E.left({ _tag: 'Unavailable', path, message: errorMessage(error) });
  }
  try {
    // Held until the connection closes: no other connection may even read the file meanwhile.
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    return isBusy(error)
      ? E.left({ _tag: 'Busy', path })
      : E.left({ _tag: 'Unavailable', path, message: errorMessage(error) });
  }
  return E.right({ path, release: () => db.close() });
};

/** How often a waiting run tries the lock again. */
const RETRY_MS = 100;

/**
 * Waits up to `waitMs` for the lock; `onWait` is told once that the run waits. A lock still
 * busy after that, or one that cannot be taken at all, is a Left.
 */
export const waitForLock = async (
  path: string,
  waitMs: number,
  onWait: () => void,
): Promise<E.Either<LockFailure, RunLock>> => {
  const deadline = Date.now() + waitMs;
  let attempt = tryLock(path);
  if (E.isLeft(attempt) && attempt.left._tag === 'Busy') onWait();
  while (E.isLeft(attempt) && attempt.left._tag === 'Busy' && Date.now() < deadline) {
    await sleep(RETRY_MS);
    attempt = tryLock(path);
  }
  return attempt;
};
