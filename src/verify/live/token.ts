/**
 * The live refresh token's state, named for what it belongs to so that it stops no other token's
 * runs: its source (the token file's real path, or the save command) and its provider's URL.
 * - The run's lock on it: SQLite's exclusive lock on a small database file (better-sqlite3, already
 *   the reference provider's store), a POSIX lock the operating system releases when the process
 *   ends however it ends, so a run killed with SIGKILL leaves no stale lock to guess about. A token
 *   file is locked beside itself, and a second run waits, then reads the successor the first saved;
 *   a token given in the environment is locked in the run's directory, and a second run refuses.
 * - Its one refresh: a 2xx answer means the provider rotated it, and the successor (the answer's
 *   `refresh_token`, read with the contract's codec) is saved before the verifier sees the answer:
 *   the token file replaced atomically (write, fsync, rename, fsync of the directory), or the save
 *   command's standard input (it must exit 0).
 * - A successor no save took, kept in a file of mode 0600 named for the source and the provider.
 *   While it is there, that token's runs there refuse to start: replaying the spent token would
 *   make a provider that follows RFC 9700 revoke the family, the kept successor with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode, TokenResponseBody } from '../../../contracts/index.js';
import { seconds } from '../exchange.js';
import { errorCode, errorMessage } from '../../config/index.js';
import { runChild } from '../child.js';
import { jsonOrText, type ProviderAnswer, type Send, type Unanswered } from '../exchange.js';
import type { LiveConfig, TokenSource } from './config.js';
import { LIVE_VARIABLES } from './decisions.js';

/** Where what could not be saved was kept (mode 0600), or why it could be kept nowhere. */
export interface Kept {
  readonly keptIn: string | undefined;
  readonly notKept: readonly string[];
}

export type TokenFate =
  /** No interaction verified live needed it. */
  | { readonly _tag: 'Unused' }
  /** Rotated, and its successor saved where the configuration says. */
  | { readonly _tag: 'Saved'; readonly where: string }
  /** Answered without a 2xx: not rotated, still the configured token. */
  | { readonly _tag: 'NotRotated'; readonly status: number }
  /** No answer: whether the provider rotated it is unknown. */
  | { readonly _tag: 'InDoubt'; readonly cause: string }
  /** Rotated; the successor not saved (`why`). */
  | ({ readonly _tag: 'NotSaved'; readonly why: string } & Kept)
  /** A 2xx whose successor cannot be read (`why`): the whole answer is what is kept. */
  | ({ readonly _tag: 'Unreadable'; readonly why: string } & Kept);

/** The live token, held by this run until `release`. */
export interface LiveToken {
  readonly token: string;
  /** Sends its one refresh: a 2xx answer goes on only once its successor is saved. */
  readonly spend: (send: Send) => Send;
  readonly fate: () => TokenFate;
  readonly release: () => void;
}

const { tokenFile: FILE, token: TOKEN, saveCommand: COMMAND } = LIVE_VARIABLES;
const NOTHING_SENT = 'the live token was not presented';
/** How long a run waits for another one using the same token file, trying every RETRY_MS. */
const LOCK_WAIT_MS = 120_000;
const RETRY_MS = 100;
/** Mode of a kept successor, and of a token file we cannot stat: only its owner reads it. */
const PRIVATE = 0o600;
/** A successor no save took, in the run's own directory; an earlier version's named no token. */
const KEPT_FILE_NAME = 'unsaved-refresh-token';

/** What failed, as the system names it (`EACCES`): the message would repeat the path. */
const codeOf = (error: unknown): string => errorCode(error) ?? String(error);

/** A short name for what a state file belongs to: a token among `parts` is written only so. */
const scopeOf = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);

/** How a message names the token of `source`, never by its value. */
const tokenNamed = (source: TokenSource): string =>
  source._tag === 'File' ? `${FILE} (${source.path})` : `the ${TOKEN} saved by ${COMMAND}`;

interface Lock {
  readonly release: () => void;
}

type LockFailure =
  | { readonly _tag: 'Busy' }
  /** The lock file cannot be made or opened (its directory is not writable, say). */
  | { readonly _tag: 'Unavailable'; readonly message: string };

/** Takes the lock at `path` now, or says why not: `Busy` while another run holds it. */
export const tryLock = (path: string): E.Either<LockFailure, Lock> => {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: 0 });
    // Held until the connection closes: no other connection may even read the file meanwhile.
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db?.close();
    return ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(errorCode(error) ?? '')
      ? E.left({ _tag: 'Busy' })
      : E.left({ _tag: 'Unavailable', message: errorMessage(error) });
  }
  const held = db;
  return E.right({ release: () => held.close() });
};

const isBusy = (lock: ReturnType<typeof tryLock>) => E.isLeft(lock) && lock.left._tag === 'Busy';

/** Where the runs using the token file at `path` take turns: the lock beside it. */
export const fileLockPath = (path: string): string => `${path}.lock`;

/** A new file's name beside `path` (a write renamed over it, a probe). */
const besides = (path: string, suffix: string): string =>
  join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.${suffix}`);

/** The rename survives a power loss once its directory is on disk; it is done either way. */
const syncDirectory = (dir: string): void => {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // A file system that cannot sync a directory still renamed the file.
  }
};

/** Writes `content` to a new file beside `path` and renames it over `path`, durably. */
const replaceFile = (path: string, content: string, mode: number): E.Either<string, void> => {
  const temporary = besides(path, 'tmp');
  try {
    fs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 }); // a kept file's may be new
    fs.writeFileSync(temporary, content, { flag: 'wx', mode, flush: true }); // flush: fsync
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    return E.left(codeOf(error));
  }
  syncDirectory(dirname(path));
  return E.right(undefined);
};

/** Keeps `content` in the first of `candidates` that can be written (mode 0600). */
const keep = (content: string, candidates: readonly string[]): Kept => {
  const notKept: string[] = [];
  for (const path of candidates) {
    const kept = replaceFile(path, content, PRIVATE);
    if (E.isRight(kept)) return { keptIn: path, notKept: [] };
    notKept.push(`${path}: ${kept.left}`);
  }
  return { keptIn: undefined, notKept };
};

/** At most this much of a failed save command's output is shown (masked) in the message. */
const OUTPUT_SHOWN = 2000;

/** Saves the successor where the configuration says; a Left says why it could not. */
const saveSuccessor = async (
  source: TokenSource,
  successor: string,
): Promise<E.Either<string, void>> => {
  if (source._tag === 'File') {
    // The file's mode is kept by its replacement.
    const mode = E.tryCatch(() => fs.statSync(source.path).mode & 0o777, codeOf);
    return replaceFile(source.path, `${successor}\n`, E.getOrElse(() => PRIVATE)(mode));
  }
  const ran = await runChild('sh', ['-c', source.command], {
    input: successor,
    timeoutMs: source.timeoutMs,
  });
  const said = `${ran.stdout}${ran.stderr}`.slice(-OUTPUT_SHOWN).trim();
  if (ran.code === 0) return E.right(undefined);
  return E.left(`${ran.how}${said === '' ? '' : `: ${said}`}`);
};

/** The run's state: where it keeps it, its provider (without credentials, which may change). */
type RunState = Readonly<{ stateDir: string; provider: string; notice: (line: string) => void }>;

/** What a run holds before it presents its token; `spentMark`: see holdCommand. */
type Held = Pick<LiveToken, 'token' | 'release'> & {
  readonly source: TokenSource;
  /** Where a successor this run cannot save is kept, in the order tried. */
  readonly keptFiles: readonly string[];
  readonly spentMark?: string;
};

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
  const candidates = [
    ...(source._tag === 'File' ? [`${source.path}.unsaved-${scope}`] : []),
    join(run.stateDir, `${KEPT_FILE_NAME}-${scope}`),
  ];
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

/** Whether `path` can be replaced now: a file can be made beside it, and it can be written. */
const replaceable = (path: string): E.Either<string, void> => {
  const probe = besides(path, 'probe');
  return E.tryCatch(
    () => {
      fs.accessSync(path, fs.constants.W_OK);
      fs.closeSync(fs.openSync(probe, 'wx', PRIVATE));
      fs.rmSync(probe);
    },
    (error) => {
      fs.rmSync(probe, { force: true });
      return `${FILE} (${path}): cannot be replaced (${codeOf(error)}), so its successor could not be saved; ${NOTHING_SENT}`;
    },
  );
};

/** The token a file holds: one word. */
const fileToken = (path: string): E.Either<string, string> =>
  pipe(
    E.tryCatch(
      () => fs.readFileSync(path, 'utf8').trim(),
      (error) => `${FILE} (${path}): cannot read it (${codeOf(error)})`,
    ),
    E.filterOrElse(
      (text) => text !== '' && !/\s/.test(text),
      () => `${FILE} (${path}): expected one token, without whitespace inside`,
    ),
  );

/** A run that will not present its token lets the lock go at once. */
const releasedUnlessHeld =
  (release: () => void) =>
  <A>(held: E.Either<string, A>): E.Either<string, A> => {
    if (E.isLeft(held)) release();
    return held;
  };

/** The lock of the token file at `path`, once no other run holds it, or why not. */
const fileLock = async (path: string, run: RunState): Promise<E.Either<string, Lock>> => {
  const lockPath = fileLockPath(path);
  let lock = tryLock(lockPath);
  if (isBusy(lock))
    run.notice(
      `verify:live: waiting: another live run is using ${FILE} (${path}); this run goes on ` +
        `with the successor it saves (lock ${lockPath})`,
    );
  for (const deadline = Date.now() + LOCK_WAIT_MS; isBusy(lock) && Date.now() < deadline;) {
    await sleep(RETRY_MS);
    lock = tryLock(lockPath);
  }
  return pipe(
    lock,
    E.mapLeft((failure) =>
      failure._tag === 'Busy'
        ? `refusing: another live run still holds ${lockPath} after ${seconds(LOCK_WAIT_MS)}; ${NOTHING_SENT}`
        : `cannot lock ${FILE} beside it (${lockPath}: ${failure.message}): its ` +
          `directory must be writable, for the lock and for the successor; ${NOTHING_SENT}`,
    ),
  );
};

/** The token file (a symbolic link followed), locked, once it can be presented and replaced. */
const holdFile = async (given: string, run: RunState): Promise<E.Either<string, Held>> => {
  const real = E.tryCatch(
    () => fs.realpathSync(given),
    (error) => `${FILE} (${given}): cannot read it (${codeOf(error)})`,
  );
  if (E.isLeft(real)) return real;
  const path = real.right;
  const lock = await fileLock(path, run);
  if (E.isLeft(lock)) return lock;
  const source: TokenSource = { _tag: 'File', path };
  return pipe(
    E.Do,
    E.bind('keptFiles', () => noLeftover(source, run)),
    E.tap(() => replaceable(path)),
    E.bind('token', () => fileToken(path)),
    E.map((held) => ({ ...held, source, release: lock.right.release })),
    releasedUnlessHeld(lock.right.release),
  );
};

/**
 * A token given in the environment, at this provider: its digest names its lock (a second run
 * refuses: its token is the one the first is spending) and the mark of its rotation (`spentMark`:
 * a later run given the same value refuses too, rather than replay it).
 */
const holdCommand = (
  source: Extract<TokenSource, { _tag: 'Command' }>,
  run: RunState,
): E.Either<string, Held> => {
  try {
    fs.mkdirSync(run.stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return E.left(
      `cannot make the run's directory ${run.stateDir} (${codeOf(error)}); ${NOTHING_SENT}`,
    );
  }
  const scope = join(run.stateDir, scopeOf(run.provider, source.token));
  const lock = tryLock(`${scope}.lock`);
  if (E.isLeft(lock))
    return E.left(
      lock.left._tag === 'Busy'
        ? `refusing: another live run is presenting this ${TOKEN} now (it holds ${scope}.lock); ` +
            `its successor goes to ${COMMAND}: run again with that one`
        : `cannot lock ${TOKEN} (${scope}.lock: ${lock.left.message}); ${NOTHING_SENT}`,
    );
  const spentMark = `${scope}.spent`;
  return pipe(
    noLeftover(source, run),
    E.filterOrElse(
      () => !fs.existsSync(spentMark),
      () =>
        `refusing: a live run already had this ${TOKEN} rotated (${spentMark}); presenting it ` +
        `again would make the provider revoke its family: run with the successor ${COMMAND} saved`,
    ),
    E.map((keptFiles) => ({
      token: source.token,
      source,
      keptFiles,
      spentMark,
      release: lock.right.release,
    })),
    releasedUnlessHeld(lock.right.release),
  );
};

/** Only a guard against presenting a rotated token again: the run's outcome says the rest. */
const markSpent = (path: string): void => {
  try {
    fs.writeFileSync(path, `${new Date().toISOString()}\n`, { mode: PRIVATE });
  } catch {
    // Nothing more to do: the outcome says what became of the token.
  }
};

/** The successor, read with the contract's own codec for the field. */
const Successor = t.type({ refresh_token: TokenResponseBody.props.refresh_token }, 'Successor');

/**
 * Every string under a key that names a token (`access_token`, `refreshToken`; not
 * `token_type`), however deep: what a rotated answer carries that must never be printed. A
 * string too short to be a credential is left out: masking it would garble every line.
 */
const tokensIn = (value: unknown, underToken = false): readonly string[] => {
  if (typeof value === 'string') return underToken && value.length >= 8 ? [value] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    tokensIn(inner, underToken || /token$/i.test(key)),
  );
};

/** Tells `reveal` every token in an answer's body, before anything can print it. */
export const revealTokensIn = (body: Buffer, reveal: (secret: string) => void): void =>
  tokensIn(jsonOrText(body.toString('utf8'))).forEach(reveal);

/** The token's one refresh, through `send`; what became of it is `fate`. */
const spending = (held: Held, reveal: (secret: string) => void): LiveToken => {
  reveal(held.token);
  let fate: TokenFate = { _tag: 'Unused' };
  const kept = (content: string) => keep(content, held.keptFiles);
  const rotated = async (answer: ProviderAnswer): Promise<E.Either<Unanswered, ProviderAnswer>> => {
    revealTokensIn(answer.body, reveal);
    if (held.spentMark !== undefined) markSpent(held.spentMark);
    const text = answer.body.toString('utf8');
    const successor = decode(Successor)(jsonOrText(text));
    if (E.isLeft(successor)) {
      fate = { _tag: 'Unreadable', why: successor.left.message, ...kept(text) };
      return E.right(answer);
    }
    const saved = await saveSuccessor(held.source, successor.right.refresh_token);
    if (E.isRight(saved)) {
      const { source } = held;
      fate = { _tag: 'Saved', where: source._tag === 'File' ? tokenNamed(source) : COMMAND };
      return E.right(answer);
    }
    fate = { _tag: 'NotSaved', why: saved.left, ...kept(`${successor.right.refresh_token}\n`) };
    return E.left({
      _tag: 'Unanswered',
      cause: 'the successor of the live refresh token was not saved',
    });
  };
  return {
    token: held.token,
    release: held.release,
    fate: () => fate,
    spend: (send) => (request) => async () => {
      const answer = await send(request)();
      // Connection refused: the request never reached the provider, so nothing was spent.
      if (E.isLeft(answer)) {
        if (!answer.left.cause.startsWith('refused'))
          fate = { _tag: 'InDoubt', cause: answer.left.cause };
        return answer;
      }
      const { status } = answer.right;
      if (status >= 200 && status < 300) return rotated(answer.right);
      fate = { _tag: 'NotRotated', status };
      return answer;
    },
  };
};

/**
 * The live token, locked for this run (none configured: none held), or the one line that says
 * why the run will not present it. It, and the tokens of its answers, are told to `reveal`.
 */
export const holdLiveToken = async (
  config: LiveConfig,
  notice: (line: string) => void,
  reveal: (secret: string) => void,
): Promise<E.Either<string, LiveToken | undefined>> => {
  const source = config.token;
  if (source === undefined) return E.right(undefined);
  const { origin, pathname } = new URL(config.verification.provider.baseUrl);
  const run: RunState = { stateDir: config.stateDir, provider: origin + pathname, notice };
  const held =
    source._tag === 'Command' ? holdCommand(source, run) : await holdFile(source.path, run);
  return pipe(
    held,
    E.map((token) => spending(token, reveal)),
  );
};
