/**
 * Before a live run presents its token: the run's lock on that token, then every reason not to
 * present it. A token file is locked beside itself, and a second run waits for the first, then
 * reads the successor the first saved. A token given in the environment is locked in the run's
 * directory, and a second run refuses: its token is the one the first is spending. Either refuses
 * while a successor an earlier run could not save is kept for the same token source and provider
 * (./successor.ts), and a token file that could not be replaced is never presented. The state
 * files are named for the provider and the token they belong to: they stop no other run.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { seconds } from '../exchange.js';
import type { LiveConfig, TokenSource } from './config.js';
import { LIVE_VARIABLES } from './decisions.js';
import { tryLock, waitForLock, type LockFailure, type RunLock } from './lock.js';
import { codeOf, KEPT_FILE_NAME, keptFiles, replaceable } from './successor.js';

/** How long a run waits for another one using the same token file. */
const LOCK_WAIT_MS = 120_000;

export interface HeldToken {
  readonly token: string;
  /** The file's real path (a symbolic link is followed), or the command. */
  readonly source: TokenSource;
  readonly lock: RunLock;
  /** Where a successor this run cannot save is kept, in the order tried. */
  readonly keptFiles: readonly string[];
  /** A token given in the environment: marked here once rotated, so no later run presents it. */
  readonly spentMark?: string;
}

/** Where a run keeps its state, and its provider's URL (without credentials, which may change). */
type RunState = Readonly<{ stateDir: string; provider: string; notice: (line: string) => void }>;

const { tokenFile: FILE, token: TOKEN, saveCommand: COMMAND } = LIVE_VARIABLES;
const NOTHING_SENT = 'the live token was not presented';

/** A short name for what a state file belongs to: a token among `parts` is written only so. */
const scopeOf = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);

/** How a message names the token of `source`, never by its value. */
const tokenNamed = (source: TokenSource): string =>
  source._tag === 'File' ? `${FILE} (${source.path})` : `the ${TOKEN} saved by ${COMMAND}`;

export const markSpent = (path: string): void => {
  try {
    fs.writeFileSync(path, `${new Date().toISOString()}\n`, { mode: 0o600 });
  } catch {
    // Only a guard against presenting it again by mistake: the run's outcome says the rest.
  }
};

const commandLockFailure = (failure: LockFailure): string =>
  failure._tag === 'Busy'
    ? `refusing: another live run is presenting this ${TOKEN} now (it holds ${failure.path}); ` +
      `its successor goes to ${COMMAND}: run again with that one`
    : `cannot lock ${TOKEN} (${failure.path}: ${failure.message}); ${NOTHING_SENT}`;

/** What `read` makes of the token file at `path`, or the line that says it cannot be read. */
const readingFile = <A>(path: string, read: (path: string) => A): E.Either<string, A> =>
  E.tryCatch(
    () => read(path),
    (error) => `${FILE} (${path}): cannot read it (${codeOf(error)})`,
  );

const fileToken = (path: string): E.Either<string, string> =>
  pipe(
    readingFile(path, (file) => fs.readFileSync(file, 'utf8').trim()),
    E.filterOrElse(
      (text) => text !== '' && !/\s/.test(text),
      () => `${FILE} (${path}): expected one token, without whitespace inside`,
    ),
  );

/**
 * Refuses while a successor of this token at this provider is kept: the token is spent. Else the
 * files where this run would keep one. An earlier version's kept file names no token: announced.
 */
const noLeftover = (source: TokenSource, run: RunState): E.Either<string, readonly string[]> => {
  const unnamed = join(run.stateDir, KEPT_FILE_NAME);
  if (fs.existsSync(unnamed))
    run.notice(
      `verify:live: ${unnamed}, kept by an earlier version, names no token and stops no run: ` +
        `if it is the successor of ${tokenNamed(source)}, save it in its place, then remove it`,
    );
  const scope = scopeOf(run.provider, source._tag === 'File' ? source.path : source.command);
  const candidates = keptFiles(source, run.stateDir, scope);
  // An earlier version kept a token file's successor beside it, as `<file>.unsaved`.
  const earlier = source._tag === 'File' ? [`${source.path}.unsaved`] : [];
  const kept = [...candidates, ...earlier].filter((path) => fs.existsSync(path));
  if (kept.length === 0) return E.right(candidates);
  const saveIt =
    source._tag === 'File'
      ? `move it over ${source.path}`
      : `save it with your ${COMMAND} (it is the token to run with)`;
  return E.left(
    `refusing: an earlier run against ${run.provider} could not save the successor of ` +
      `${tokenNamed(source)}, so that token is spent; the successor (or the answer that carried ` +
      `it) is kept in ${kept.join(' and ')}: ${saveIt}, remove the kept file, then run again`,
  );
};

/** Where the runs using the token file at `path` take turns: the lock beside it. */
export const fileLockPath = (path: string): string => `${path}.lock`;

const holdFile = async (path: string, run: RunState): Promise<E.Either<string, HeldToken>> => {
  const lockPath = fileLockPath(path);
  const waiting = () =>
    run.notice(
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
    E.Do,
    E.bind('keptFiles', () => noLeftover(source, run)),
    E.tap(() =>
      pipe(
        replaceable(path),
        E.mapLeft(
          (why) =>
            `${FILE} (${path}): cannot be replaced (${why}), so its successor could not be saved; ${NOTHING_SENT}`,
        ),
      ),
    ),
    E.bind('token', () => fileToken(path)),
    E.map((held): HeldToken => ({ ...held, source, lock: lock.right })),
  );
  if (E.isLeft(ready)) lock.right.release();
  return ready;
};

const holdCommand = (
  source: Extract<TokenSource, { _tag: 'Command' }>,
  run: RunState,
): E.Either<string, HeldToken> => {
  try {
    fs.mkdirSync(run.stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return E.left(
      `cannot make the run's directory ${run.stateDir} (${codeOf(error)}); ${NOTHING_SENT}`,
    );
  }
  // This token at this provider: its digest names its lock and the mark of its rotation.
  const scope = join(run.stateDir, scopeOf(run.provider, source.token));
  const lock = tryLock(`${scope}.lock`);
  if (E.isLeft(lock)) return E.left(commandLockFailure(lock.left));
  const spent = `${scope}.spent`;
  const ready = pipe(
    noLeftover(source, run),
    E.flatMap((keptFiles): E.Either<string, HeldToken> =>
      fs.existsSync(spent)
        ? E.left(
            `refusing: a live run already had this ${TOKEN} rotated (${spent}); presenting it ` +
              `again would make the provider revoke its family: run with the successor ` +
              `${COMMAND} saved`,
          )
        : E.right({ token: source.token, source, keptFiles, lock: lock.right, spentMark: spent }),
    ),
  );
  if (E.isLeft(ready)) lock.right.release();
  return ready;
};

/**
 * The live token, locked for this run (none configured: none held), or the one line that says
 * why the run will not present it.
 */
export const holdLiveToken = async (
  config: LiveConfig,
  notice: (line: string) => void,
): Promise<E.Either<string, HeldToken | undefined>> => {
  const source = config.token;
  if (source === undefined) return E.right(undefined);
  const { origin, pathname } = new URL(config.verification.provider.baseUrl);
  const run: RunState = { stateDir: config.stateDir, provider: origin + pathname, notice };
  if (source._tag === 'Command') return holdCommand(source, run);
  const path = readingFile(source.path, (file) => fs.realpathSync(file));
  return E.isLeft(path) ? path : holdFile(path.right, run);
};
