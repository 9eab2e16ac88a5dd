/**
 * What a live run found, per interaction in the shape of the verification's own outcome
 * (`InteractionResult`, ./results.ts) plus its live decision, and what became of the live token.
 * Codecs: the run reports it from its own process (./run.ts) to the command (./main.ts).
 */
import * as t from 'io-ts';
import { InteractionResult } from '../results.js';
import { LiveDecision } from './decisions.js';

export const TokenFate = t.union([
  /** No interaction verified live needed it. */
  t.type({ _tag: t.literal('Unused') }),
  /** Rotated, and its successor saved where the configuration says. */
  t.type({ _tag: t.literal('Saved'), where: t.string }),
  /** Answered without a 2xx: not rotated, still the configured token. */
  t.type({ _tag: t.literal('NotRotated'), status: t.number }),
  /** No answer: whether the provider rotated it is unknown. */
  t.type({ _tag: t.literal('InDoubt'), cause: t.string }),
  /** Rotated; the successor not saved (`why`), kept in `keptIn`, or nowhere (`notKept`). */
  t.intersection([
    t.type({ _tag: t.literal('NotSaved'), why: t.string, notKept: t.readonlyArray(t.string) }),
    t.partial({ keptIn: t.string }),
  ]),
  /** A 2xx whose successor cannot be read (`why`): the whole answer kept in `keptIn`. */
  t.intersection([
    t.type({ _tag: t.literal('Unreadable'), why: t.string, notKept: t.readonlyArray(t.string) }),
    t.partial({ keptIn: t.string }),
  ]),
]);
export type TokenFate = t.TypeOf<typeof TokenFate>;

export const LiveInteractionResult = t.intersection([
  InteractionResult,
  t.type({ live: LiveDecision }),
]);
/** An interaction as `npm run verify` reports it, and whether (and how) it was verified live. */
export type LiveInteractionResult = t.TypeOf<typeof LiveInteractionResult>;
/**
 * The same per-interaction shape as the verification's outcome, so one reporting (JUnit, the job
 * summary, annotations: src/ci/verification.ts) reads both: an interaction not verifiable live
 * is one not verified, and why.
 */
export const asInteractionResult = ({
  live,
  ...result
}: LiveInteractionResult): InteractionResult =>
  live._tag === 'NotVerifiable'
    ? { ...result, notVerified: `not verifiable live: ${live.why}` }
    : result;

export const LiveOutcome = t.intersection([
  t.type({
    /** The deployment, its password masked. */
    providerUrl: t.string,
    interactions: t.readonlyArray(LiveInteractionResult),
    token: TokenFate,
  }),
  /** The broker the pacts came from, when they did: nothing is published there. */
  t.partial({ brokerUrl: t.string }),
]);
export type LiveOutcome = t.TypeOf<typeof LiveOutcome>;

/** Interactions verified live, and of those the ones that failed (pending or not). */
export const tally = (outcome: LiveOutcome) => {
  const verified = outcome.interactions.filter((i) => i.live._tag === 'Verify');
  const failed = verified.filter((i) => !i.passed);
  return { verified, failed, blocking: failed.filter((i) => !i.pending) };
};

/** What the run reports to the command, in order. */
export const RunMessage = t.union([
  /** A secret it holds or learned: the command masks it in everything it prints. */
  t.type({ _tag: t.literal('Secret'), value: t.string }),
  /** A line to print now (waiting for another run, say). */
  t.type({ _tag: t.literal('Notice'), line: t.string }),
  /** The run ended with an outcome... */
  t.type({ _tag: t.literal('Completed'), outcome: LiveOutcome }),
  /** ...or without one: the line that says why, and what became of the token if it was used. */
  t.intersection([
    t.type({ _tag: t.literal('Failed'), message: t.string }),
    t.partial({ token: TokenFate }),
  ]),
]);
export type RunMessage = t.TypeOf<typeof RunMessage>;
