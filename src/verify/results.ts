/**
 * The Rust verifier's own JSON report (`pact verifier --json`), read with a codec: one result per
 * interaction, in the order verified. Its `interactionResults` name only the description and the
 * result; the consumer and the provider states come from its report lines (`output`), and each
 * failure's mismatches from `errors` or `pendingErrors`, keyed as Pact keys them
 * (`Verifying a pact between C and P Given S - D`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { stripVTControlCharacters } from 'node:util';
import { decode, PROVIDER_NAME, type DecodeError } from '../../contracts/index.js';
import { jsonOrText } from './exchange.js';

const Mismatch = t.partial({
  message: t.string,
  mismatches: t.array(
    t.partial({ type: t.string, description: t.string, mismatch: t.string, path: t.string }),
  ),
});

const Failure = t.type({ interaction: t.string, mismatch: Mismatch });

const VerifierReport = t.type(
  {
    result: t.boolean,
    interactionResults: t.array(
      t.intersection([
        t.type({ description: t.string, result: t.string }),
        t.partial({ duration: t.string }),
      ]),
    ),
    errors: t.array(Failure),
    pendingErrors: t.array(Failure),
    output: t.array(t.string),
  },
  'VerifierReport',
);
type VerifierReport = t.TypeOf<typeof VerifierReport>;

/** One interaction as verified; a live run's outcome extends it (./live/output.ts). */
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

const mismatchLines = (result: t.TypeOf<typeof Mismatch>): string[] => [
  ...(result.message === undefined ? [] : [result.message]),
  ...(result.mismatches ?? []).map(
    (m) =>
      `${m.path === undefined ? '' : `${m.path}: `}${m.mismatch ?? m.description ?? m.type ?? 'mismatch'}`,
  ),
];

/** The interactions that failed, pending or not (not those the run never reached). */
export const failedInteractions = (outcome: VerificationOutcome): readonly InteractionResult[] =>
  outcome.interactions.filter((i) => !i.passed && i.notVerified === undefined);

/** The interactions a stopped run never reached. */
export const unverifiedInteractions = (
  outcome: VerificationOutcome,
): readonly InteractionResult[] => outcome.interactions.filter((i) => i.notVerified !== undefined);

export const PACT_HEADER = 'Verifying a pact between ';
const STATE_LINE = /^ {5}(?:Given|And) (.*)$/;

/** Each interaction's pact (its header line) and provider states, from Pact's report lines. */
const contextsOf = ({ output, interactionResults }: VerifierReport) => {
  const found: { pact: string; states: string[] }[] = [];
  let pact = '';
  for (const line of output.map(stripVTControlCharacters)) {
    const next = interactionResults[found.length];
    if (line.startsWith(`\n${PACT_HEADER}`)) pact = line.slice(1);
    else if (next !== undefined && line.startsWith(`  ${next.description} (`))
      found.push({ pact, states: [] });
    else found.at(-1)?.states.push(...(STATE_LINE.exec(line)?.slice(1) ?? []));
  }
  return found;
};

/** A consumer's name from `Verifying a pact between C and P`, P being this project's provider. */
export const consumerIn = (pact: string): string | undefined => {
  const suffix = ` and ${PROVIDER_NAME}`;
  return pact.endsWith(suffix) ? pact.slice(PACT_HEADER.length, -suffix.length) : undefined;
};

/** The failures of `report`, each handed out once, by the key Pact gives it. */
const failuresOf = ({ errors, pendingErrors }: VerifierReport) => {
  const left = [
    ...errors.map((failure) => ({ ...failure, pending: false })),
    ...pendingErrors.map((failure) => ({ ...failure, pending: true })),
  ];
  return {
    take: (key: string) => {
      const at = left.findIndex((f) => f.interaction === key);
      return at < 0 ? undefined : left.splice(at, 1)[0];
    },
    /** What no interaction took, but fails the run: a pact that did not load, say. */
    rest: () =>
      left
        .filter((f) => !f.pending)
        .flatMap((f) => mismatchLines(f.mismatch).map((line) => `${f.interaction}: ${line}`)),
  };
};

/** The verifier's outcome, and what it could not verify at all. */
export interface VerifierFindings {
  readonly outcome: VerificationOutcome;
  readonly unverified: readonly string[];
}

const findingsOf = (report: VerifierReport): VerifierFindings => {
  const contexts = contextsOf(report);
  const failures = failuresOf(report);
  const interactions = report.interactionResults.map(({ description, result, duration }, n) => {
    const { pact = '', states = [] } = contexts[n] ?? {};
    const given = states.length === 0 ? '' : ` Given ${states.join(' And ')}`;
    const failure = result === 'OK' ? undefined : failures.take(`${pact}${given} - ${description}`);
    const consumer = consumerIn(pact);
    return {
      ...(consumer === undefined ? {} : { consumer }),
      description,
      providerStates: states,
      passed: result === 'OK',
      pending: failure?.pending ?? false,
      ...(duration === undefined ? {} : { durationMs: pactDurationMs(duration) }),
      mismatches: failure === undefined ? [] : mismatchLines(failure.mismatch),
    };
  });
  return { outcome: { passed: report.result, interactions }, unverified: failures.rest() };
};

/** Reads the JSON report the verifier wrote. */
export const readVerifierReport = (text: string): E.Either<DecodeError, VerifierFindings> =>
  pipe(decode(VerifierReport)(jsonOrText(text)), E.map(findingsOf));
