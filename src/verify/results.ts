/**
 * The verifier's own JSON report (pact_ffi `pactffi_verifier_json`), read with a codec: one
 * result per interaction, in the order verified, with Pact's mismatch descriptions.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode, type DecodeError } from '../../contracts/index.js';

const MismatchResult = t.partial({
  message: t.string,
  mismatches: t.array(
    t.partial({ type: t.string, description: t.string, mismatch: t.string, path: t.string }),
  ),
});

const InteractionReport = t.intersection([
  t.type({ description: t.string, result: t.string }),
  t.partial({
    consumer: t.string,
    providerStates: t.array(t.string),
    pending: t.boolean,
    duration: t.string,
    mismatch: MismatchResult,
  }),
]);

const VerifierReport = t.intersection(
  [t.type({ result: t.boolean }), t.partial({ interactionResults: t.array(InteractionReport) })],
  'VerifierReport',
);

export interface InteractionResult {
  readonly consumer?: string;
  readonly description: string;
  readonly providerStates: readonly string[];
  readonly passed: boolean;
  /** A pending interaction's failure does not fail the run. */
  readonly pending: boolean;
  /** As Pact measured it: state changes, request and comparison. */
  readonly durationMs?: number;
  /** Why it failed, one line each: Pact's mismatches, or what stopped it. */
  readonly mismatches: readonly string[];
  /** Set when the run stopped before this interaction: why it was not verified. */
  readonly notVerified?: string;
}

export interface VerificationOutcome {
  readonly passed: boolean;
  readonly interactions: readonly InteractionResult[];
}

/** `"12ms"`, `"1s 3ms"`, `"850µs"`: a duration as the Pact verifier prints it, in milliseconds. */
const pactDurationMs = (text: string): number =>
  [...text.matchAll(/([\d.]+)\s*(ms|s|µs|us|ns)\b/g)].reduce(
    (sum, [, value, unit]) =>
      sum + Number(value) * ({ s: 1000, ms: 1, µs: 1e-3, us: 1e-3, ns: 1e-6 }[unit ?? 'ms'] ?? 1),
    0,
  );

const mismatchLines = (result: t.TypeOf<typeof MismatchResult> | undefined): string[] => [
  ...(result?.message === undefined ? [] : [result.message]),
  ...(result?.mismatches ?? []).map(
    (m) =>
      `${m.path === undefined ? '' : `${m.path}: `}${m.mismatch ?? m.description ?? m.type ?? 'mismatch'}`,
  ),
];

const interactionOf = (report: t.TypeOf<typeof InteractionReport>): InteractionResult => ({
  ...(report.consumer === undefined ? {} : { consumer: report.consumer }),
  description: report.description,
  providerStates: report.providerStates ?? [],
  passed: report.result === 'OK',
  pending: report.pending ?? false,
  ...(report.duration === undefined ? {} : { durationMs: pactDurationMs(report.duration) }),
  mismatches: mismatchLines(report.mismatch),
});

const outcomeOf = (report: t.TypeOf<typeof VerifierReport>): VerificationOutcome => ({
  passed: report.result,
  interactions: (report.interactionResults ?? []).map(interactionOf),
});

/** The interactions that failed, pending or not (not those the run never reached). */
export const failedInteractions = (outcome: VerificationOutcome): readonly InteractionResult[] =>
  outcome.interactions.filter((i) => !i.passed && i.notVerified === undefined);

/** The interactions a stopped run never reached. */
export const unverifiedInteractions = (
  outcome: VerificationOutcome,
): readonly InteractionResult[] => outcome.interactions.filter((i) => i.notVerified !== undefined);

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
