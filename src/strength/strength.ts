/**
 * The contract's strength, scored by pact-io-ts/strength on the committed pact: its mutants,
 * each judged by the real client (./contract.ts), Pact's verifier (./pact-judge.ts) and the
 * published spec with HTTP (./spec-judge.ts), against the demands declared next to the codecs.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import {
  readPact,
  scoreContract,
  type ContractScore,
  type StrengthError,
} from 'pact-io-ts/strength';
import { DECLARED_DEMANDS, PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import {
  DEFAULT_TIMEOUT_MS,
  errorMessage,
  PACT_FILE_NAME,
  PROJECT_PACTS_DIR,
  PROJECT_ROOT,
} from '../config/index.js';
import { readOperation, type PublishedOperation } from '../four-sides/index.js';
import { catalogueCodecOf, refreshClient } from './contract.js';
import { pactJudge } from './pact-judge.js';
import { specJudge } from './spec-judge.js';

/** The committed pact: what the mutants are made from and what Pact verifies them against. */
export const COMMITTED_PACT = join(PROJECT_PACTS_DIR, PACT_FILE_NAME);

export interface StrengthOptions {
  /** The seed of every drawn value: the same seed gives the same mutants. */
  readonly seed: number;
  /** A seeded sample of this many mutants, every operator in it; default all. */
  readonly sample?: number;
  readonly pactFile?: string;
  /** How long the client and the verifier wait for one answer. */
  readonly timeoutMs?: number;
}

export type StrengthRunError =
  StrengthError | { readonly _tag: 'SpecError'; readonly message: string };

/** Our copy of the published document, read once per run. */
const publishedOperation = (): TE.TaskEither<StrengthRunError, PublishedOperation> =>
  pipe(
    TE.tryCatch(
      async () =>
        JSON.parse(await readFile(join(PROJECT_ROOT, PUBLISHED_OPENAPI_FILE), 'utf8')) as unknown,
      (error) => ({
        _tag: 'SpecError' as const,
        message: `${PUBLISHED_OPENAPI_FILE}: ${errorMessage(error)}`,
      }),
    ),
    TE.flatMapEither((document) =>
      pipe(
        readOperation(document),
        E.mapLeft(({ message }) => ({
          _tag: 'SpecError' as const,
          message: `${PUBLISHED_OPENAPI_FILE}: ${message}`,
        })),
      ),
    ),
  );

/** Scores the contract: every mutant of the pact (or a seeded sample), judged three ways. */
export const scoreStrength = ({
  seed,
  sample,
  pactFile = COMMITTED_PACT,
  timeoutMs = DEFAULT_TIMEOUT_MS,
}: StrengthOptions): TE.TaskEither<StrengthRunError, ContractScore> =>
  pipe(
    TE.Do,
    TE.apS('operation', publishedOperation()),
    TE.apSW('recorded', TE.fromEither(readPact(pactFile))),
    TE.flatMap(
      ({ operation, recorded }) =>
        () =>
          scoreContract({
            pactFile,
            seed,
            ...(sample === undefined ? {} : { sample }),
            codecOf: catalogueCodecOf,
            client: refreshClient(timeoutMs),
            pactJudge: pactJudge(pactFile, timeoutMs),
            specJudge: specJudge(
              operation,
              (description) => recorded.find((i) => i.description === description)?.answer.status,
            ),
            demands: DECLARED_DEMANDS,
          }),
    ),
  );
