/** The consumer/provider version and branch a pipeline records: the git commit and branch. */
import { execFileSync } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { BrokerError } from './errors.js';
import { firstLine, read, type Env } from '../config/index.js';

const git = (args: readonly string[]): E.Either<BrokerError, string> =>
  E.tryCatch(
    () => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(),
    (e) => ({
      _tag: 'Git',
      message: `git ${args.join(' ')} failed: ${firstLine(e)}`,
    }),
  );

/** `git rev-parse HEAD`: the default application version. */
export const gitCommit = (): E.Either<BrokerError, string> => git(['rev-parse', 'HEAD']);

/**
 * The branch being built: GitHub Actions' branch of a pull request (GITHUB_HEAD_REF) or of a
 * push (GITHUB_REF_NAME when GITHUB_REF is a branch), else the checked-out git branch.
 */
export const gitBranch = (env: Env = process.env): E.Either<BrokerError, string> => {
  const headRef = read(env, 'GITHUB_HEAD_REF');
  if (headRef !== undefined) return E.right(headRef);
  const refName = read(env, 'GITHUB_REF_NAME');
  if (refName !== undefined && read(env, 'GITHUB_REF')?.startsWith('refs/heads/')) {
    return E.right(refName);
  }
  return pipe(
    git(['branch', '--show-current']),
    E.filterOrElse(
      (branch) => branch !== '',
      (): BrokerError => ({
        _tag: 'Git',
        message: 'HEAD is detached, so there is no branch to record; pass --branch',
      }),
    ),
  );
};
