/**
 * Where the live refresh token's successor goes: the token file, replaced atomically (write,
 * fsync, rename, fsync of the directory), or the save command's standard input (it must exit 0).
 * When that fails the successor is kept in a file of mode 0600 (`keptFiles`), named for the
 * token's source and the provider, and a later run of that token there refuses to start while the
 * file is there: replaying the spent token would make a provider that follows RFC 9700 revoke the
 * family, the kept successor with it.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { errorCode } from '../../config/index.js';
import { runChild } from '../child.js';
import type { TokenSource } from './config.js';
import { LIVE_VARIABLES } from './decisions.js';
import type { Kept } from './output.js';

/** What failed, as the system names it (`EACCES`): the message would repeat the path. */
export const codeOf = (error: unknown): string => errorCode(error) ?? String(error);

/** Mode of a new token file: only its owner reads it. */
const PRIVATE = 0o600;

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
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // a kept file's directory may be new
    fs.writeFileSync(temporary, content, { flag: 'wx', mode, flush: true }); // flush: fsync
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    return E.left(codeOf(error));
  }
  syncDirectory(dir);
  return E.right(undefined);
};

/** Whether `path` could be replaced now: a file can be made beside it and it can be written. */
export const replaceable = (path: string): E.Either<string, void> => {
  const probe = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.probe`);
  try {
    fs.accessSync(path, fs.constants.W_OK);
    fs.closeSync(fs.openSync(probe, 'wx', PRIVATE));
    fs.rmSync(probe);
    return E.right(undefined);
  } catch (error) {
    fs.rmSync(probe, { force: true });
    return E.left(codeOf(error));
  }
};

/** The file's mode, kept by its replacement; a token file we cannot stat gets 0600. */
const modeOf = (path: string): number => {
  try {
    return fs.statSync(path).mode & 0o777;
  } catch {
    return PRIVATE;
  }
};

/** A successor no save took, in the run's own directory; an earlier version's named no token. */
export const KEPT_FILE_NAME = 'unsaved-refresh-token';

/** Where a successor that could not be saved is kept, in the order tried: `scope` says whose. */
export const keptFiles = (source: TokenSource, stateDir: string, scope: string): string[] => [
  ...(source._tag === 'File' ? [`${source.path}.unsaved-${scope}`] : []),
  join(stateDir, `${KEPT_FILE_NAME}-${scope}`),
];

/** Keeps `content` in the first of `candidates` that can be written (mode 0600). */
export const keep = (content: string, candidates: readonly string[]): Kept => {
  const notKept: string[] = [];
  for (const path of candidates) {
    const kept = replaceFile(path, content, PRIVATE);
    if (E.isRight(kept)) return { keptIn: path, notKept: [] };
    notKept.push(`${path}: ${kept.left}`);
  }
  return { keptIn: undefined, notKept };
};

/** At most this much of a failed command's output is shown (masked) in the message. */
const OUTPUT_SHOWN = 2000;

/** Runs the save command with `token` on its standard input; exit 0 within `timeoutMs`, or why not. */
const runSaveCommand = async (
  command: string,
  token: string,
  timeoutMs: number,
): Promise<E.Either<string, void>> => {
  const ran = await runChild('sh', ['-c', command], { input: token, timeoutMs });
  const said = `${ran.stdout}${ran.stderr}`.slice(-OUTPUT_SHOWN).trim();
  return ran.code === 0
    ? E.right(undefined)
    : E.left(`${ran.how}${said === '' ? '' : `: ${said}`}`);
};

/** How the output names where the successor went. */
export const destinationOf = (source: TokenSource): string =>
  source._tag === 'File'
    ? `${LIVE_VARIABLES.tokenFile} (${source.path})`
    : LIVE_VARIABLES.saveCommand;

/** Saves the successor where the configuration says; a Left says why it could not. */
export const saveSuccessor = async (
  source: TokenSource,
  successor: string,
): Promise<E.Either<string, void>> =>
  source._tag === 'File'
    ? replaceFile(source.path, `${successor}\n`, modeOf(source.path))
    : runSaveCommand(source.command, successor, source.timeoutMs);
