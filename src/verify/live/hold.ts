/**
 * Before a live run presents its token: the run's lock on that token, then every reason not to
 * present it. A token file is locked beside itself, and a second run waits for the first, then
 * reads the successor the first saved. A token given in the environment is locked by its digest
 * in the run's directory, and a second run refuses: its token is the one the first is spending.
 * Either refuses while a successor an earlier run could not save is kept (./successor.ts), and a
 * token file that could not be replaced is never presented.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { seconds } from '../../broker/reachability.js';
import type { TokenSource } from './config.js';
import { LIVE_VARIABLES } from './decisions.js';
import { tryLock, waitForLock, type LockFailure, type RunLock } from './lock.js';
import { leftovers, replaceable } from './successor.js';

/** How long a run waits for another one using the same token file. */
const LOCK_WAIT_MS = 120_000;

export interface HeldToken {
  readonly token: string;
  /** The file's real path (a symbolic link is followed), or the command. */
  readonly source: TokenSource;
  readonly lock: RunLock;
}

const { tokenFile: FILE, token: TOKEN, saveCommand: COMMAND } = LIVE_VARIABLES;
const NOTHING_SENT = 'the live token was not presented';

const code = (error: unknown): string =>
  error instanceof Error && 'code' in error ? String(error.code) : String(error);

const digestOf = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 32);

/** Marks, in the run's directory, an environment token that a run has had rotated. */
const spentMark = (stateDir: string, token: string) => join(stateDir, `${digestOf(token)}.spent`);

export const markSpent = (stateDir: string, token: string): void => {
  try {
    fs.writeFileSync(spentMark(stateDir, token), `${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch {
    // Only a guard against presenting it again by mistake: the run's outcome says the rest.
  }
};

const commandLockFailure = (failure: LockFailure): string =>
  failure._tag === 'Busy'
    ? `refusing: another live run is presenting this ${TOKEN} now (it holds ${failure.path}); ` +
      `its successor goes to ${COMMAND}: run again with that one`
    : `cannot lock ${TOKEN} (${failure.path}: ${failure.message}); ${NOTHING_SENT}`;

const fileToken = (path: string): E.Either<string, string> => {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8').trim();
  } catch (error) {
    return E.left(`${FILE} (${path}): cannot read it (${code(error)})`);
  }
  return text === '' || /\s/.test(text)
    ? E.left(`${FILE} (${path}): expected one token, without whitespace inside`)
    : E.right(text);
};

/** Refuses while an unsaved successor is kept: the configured token is spent. */
const noLeftover = (source: TokenSource, stateDir: string): E.Either<string, void> => {
  const kept = leftovers(source, stateDir);
  if (kept.length === 0) return E.right(undefined);
  const saveIt =
    source._tag === 'File' ? `move it over ${source.path}` : `save it with your ${COMMAND}`;
  return E.left(
    `refusing: ${kept.join(' and ')} keeps a successor (or the answer that carried it) an earlier ` +
      `run could not save, so the configured token is spent; ${saveIt}, remove the kept file, ` +
      `then run again`,
  );
};

/** Where the runs using the token file at `path` take turns: the lock beside it. */
export const fileLockPath = (path: string): string => `${path}.lock`;

const holdFile = async (
  path: string,
  stateDir: string,
  notice: (line: string) => void,
): Promise<E.Either<string, HeldToken>> => {
  const lockPath = fileLockPath(path);
  const waiting = () =>
    notice(
      `verify:live: waiting: another live run is using ${FILE} (${path}); this run goes on ` +
        `with the successor it saves (lock ${lockPath})`,
    );
  const lock = await waitForLock(lockPath, LOCK_WAIT_MS, waiting);
  if (E.isLeft(lock)) {
    return E.left(
      lock.left._tag === 'Busy'
        ? `refusing: another live run still holds ${lockPath} after ${seconds(LOCK_WAIT_MS)}; ${NOTHING_SENT}`
        : `cannot lock ${FILE} beside it (${lock.left.path}: ${lock.left.message}): its ` +
            `directory must be writable, for the lock and for the successor; ${NOTHING_SENT}`,
    );
  }
  const source: TokenSource = { _tag: 'File', path };
  const ready = pipe(
    noLeftover(source, stateDir),
    E.flatMap(() =>
      pipe(
        replaceable(path),
        E.mapLeft(
          (why) =>
            `${FILE} (${path}): cannot be replaced (${why}), so its successor could not be saved; ${NOTHING_SENT}`,
        ),
      ),
    ),
    E.flatMap(() => fileToken(path)),
    E.map((token): HeldToken => ({ token, source, lock: lock.right })),
  );
  if (E.isLeft(ready)) lock.right.release();
  return ready;
};

const holdCommand = (
  source: Extract<TokenSource, { _tag: 'Command' }>,
  stateDir: string,
): E.Either<string, HeldToken> => {
  try {
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return E.left(`cannot make the run's directory ${stateDir} (${code(error)}); ${NOTHING_SENT}`);
  }
  const lock = tryLock(join(stateDir, `${digestOf(source.token)}.lock`));
  if (E.isLeft(lock)) return E.left(commandLockFailure(lock.left));
  const spent = spentMark(stateDir, source.token);
  const refusal = pipe(
    noLeftover(source, stateDir),
    E.flatMap(() =>
      fs.existsSync(spent)
        ? E.left(
            `refusing: a live run already had this ${TOKEN} rotated (${spent}); presenting it ` +
              `again would make the provider revoke its family: run with the successor ` +
              `${COMMAND} saved`,
          )
        : E.right(undefined),
    ),
  );
  if (E.isLeft(refusal)) {
    lock.right.release();
    return refusal;
  }
  return E.right({ token: source.token, source, lock: lock.right });
};

/** The live token, locked for this run, or the one line that says why the run will not present it. */
export const holdLiveToken = async (
  source: TokenSource,
  stateDir: string,
  notice: (line: string) => void,
): Promise<E.Either<string, HeldToken>> => {
  if (source._tag === 'Command') return holdCommand(source, stateDir);
  let path: string;
  try {
    path = fs.realpathSync(source.path);
  } catch (error) {
    return E.left(`${FILE} (${source.path}): cannot read it (${code(error)})`);
  }
  return holdFile(path, stateDir, notice);
};
