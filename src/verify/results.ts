/**
 * The verifier's own JSON report (pact_ffi `pactffi_verifier_json`), read with
 * a codec: what failed, with Pact's mismatch descriptions.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode, type DecodeError } from '../../contracts/index.js';

const Mismatch = t.partial({
  type: t.string,
  description: t.string,
  mismatch: t.string,
  path: t.string,
});

const Failure = t.partial({
  interaction: t.string,
  interactionId: t.string,
  mismatch: t.partial({
    type: t.string,
    message: t.string,
    mismatches: t.array(Mismatch),
  }),
});

export const VerifierReport = t.intersection(
  [
    t.type({ result: t.boolean }),
    t.partial({
      errors: t.array(Failure),
      pendingErrors: t.array(Failure),
      output: t.array(t.string),
      interactionResults: t.array(
        t.intersection([
          t.type({ description: t.string, result: t.string }),
          t.partial({ duration: t.string }),
        ]),
      ),
      notices: t.array(t.UnknownRecord),
    }),
  ],
  'VerifierReport',
);
export type VerifierReport = t.TypeOf<typeof VerifierReport>;

export interface InteractionFailure {
  readonly interaction: string;
  readonly pending: boolean;
  readonly mismatches: readonly string[];
}

const failuresOf = (
  failures: readonly t.TypeOf<typeof Failure>[] | undefined,
  pending: boolean,
): InteractionFailure[] =>
  (failures ?? []).map((failure) => ({
    interaction: failure.interaction ?? '(unnamed interaction)',
    pending,
    mismatches: [
      ...(failure.mismatch?.message === undefined ? [] : [failure.mismatch.message]),
      ...(failure.mismatch?.mismatches ?? []).map(
        (m) =>
          `${m.path === undefined ? '' : `${m.path}: `}${m.mismatch ?? m.description ?? m.type ?? 'mismatch'}`,
      ),
    ],
  }));

export interface InteractionResult {
  readonly description: string;
  readonly passed: boolean;
  readonly duration?: string;
}

export interface VerificationOutcome {
  readonly passed: boolean;
  readonly interactions: readonly InteractionResult[];
  readonly failures: readonly InteractionFailure[];
  /** Pact's own console report (mismatch diffs included). */
  readonly output: string;
}

export const outcomeOf = (report: VerifierReport): VerificationOutcome => ({
  passed: report.result,
  interactions: (report.interactionResults ?? []).map((r) => ({
    description: r.description,
    passed: r.result === 'OK',
    ...(r.duration === undefined ? {} : { duration: r.duration }),
  })),
  failures: [...failuresOf(report.errors, false), ...failuresOf(report.pendingErrors, true)],
  output: (report.output ?? []).join('\n'),
});

const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the decoder then says what it got instead of a report.
    return text;
  }
};

/** Reads the report pact-js resolves with (success) or rejects with (failure). */
export const readVerifierReport = (text: string): E.Either<DecodeError, VerificationOutcome> =>
  pipe(decode(VerifierReport)(parsed(text)), E.map(outcomeOf));
