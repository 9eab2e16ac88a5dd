/**
 * What a live run found, and what `npm run verify:live` prints of it. Per interaction, the
 * verification's own result (`InteractionResult`, ../results.ts) with the decision its request
 * met; what became of the live token. Printed: one line per interaction (verified live, passed or
 * failed, or not verifiable live and why), the token's line, and the closing line
 * `Verified live N of M interactions against URL: P passed, F failed`; or the same as one JSON
 * document. Secrets are masked by the caller, in everything printed.
 */
import type { InteractionResult } from '../results.js';
import { TOKEN_REFUSED, type LiveDecision } from './decisions.js';

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

/** An interaction as `npm run verify` reports it, and whether (and how) it was verified live. */
export type LiveInteractionResult = InteractionResult & { readonly live: LiveDecision };

export interface LiveOutcome {
  /** The deployment, its password masked. */
  readonly providerUrl: string;
  readonly interactions: readonly LiveInteractionResult[];
  readonly token: TokenFate;
  /** The broker the pacts came from, when they did: nothing is published there. */
  readonly brokerUrl?: string;
}

/**
 * The verification's own per-interaction shape, so one reporting (JUnit, the job summary,
 * annotations: src/ci/verification.ts) reads both: one not verifiable live is one not verified.
 */
export const asInteractionResult = ({ live, ...result }: LiveInteractionResult) =>
  live._tag === 'NotVerifiable'
    ? { ...result, notVerified: `not verifiable live: ${live.why}` }
    : result;

/** Interactions verified live, and of those the ones that failed (pending or not). */
const tally = (outcome: LiveOutcome) => {
  const verified = outcome.interactions.filter((i) => i.live._tag === 'Verify');
  const failed = verified.filter((i) => !i.passed);
  return { verified, failed, blocking: failed.filter((i) => !i.pending) };
};

/** Said whenever the pacts come from a broker. */
const notPublishedLine = (brokerUrl: string): string =>
  `verify:live: nothing is published to the broker (${brokerUrl}): a live run verifies part ` +
  'of the pact, and a partial verification must not satisfy can-i-deploy';

const WIDTH = 'not verifiable  '.length;

/** What the line of an interaction starts with. */
const verdictOf = ({ live, passed }: LiveInteractionResult) =>
  live._tag === 'NotVerifiable' ? 'not verifiable' : passed ? 'passed' : 'failed';

const interactionLine = (
  interaction: LiveInteractionResult,
  consumers: ReadonlySet<string>,
): string => {
  const who =
    consumers.size > 1 && interaction.consumer !== undefined ? `${interaction.consumer}: ` : '';
  const { live } = interaction;
  if (live._tag === 'NotVerifiable') {
    return `${'not verifiable'.padEnd(WIDTH)}${who}${interaction.description}: ${live.why}`;
  }
  const verdict = `${verdictOf(interaction)}${interaction.pending ? ' (pending)' : ''}`;
  const why = interaction.mismatches.length === 0 ? '' : `: ${interaction.mismatches.join('; ')}`;
  return `${verdict.padEnd(WIDTH)}${who}${interaction.description} (live: ${live.using})${why}`;
};

/** One line on the live token, once it was presented. */
export const tokenLine = (fate: TokenFate): string | undefined => {
  const token = 'verify:live: the live refresh token';
  switch (fate._tag) {
    case 'Unused':
    case 'NotSaved': // the run's last line says where the successor is (./run.ts)
      return undefined;
    case 'Saved':
      return `${token} was rotated; its successor is saved to ${fate.where}`;
    case 'NotRotated':
      return fate.status === 401
        ? `${token} was answered 401, not rotated: ${TOKEN_REFUSED}`
        : `${token} was answered ${fate.status}, not rotated: it is still the one configured`;
    case 'InDoubt':
      return `${token} had no answer (${fate.cause}): if the provider rotated it, its successor is lost`;
    case 'Unreadable':
      return (
        `${token} was answered 2xx without a successor to read (${fate.why}): it is spent; ` +
        (fate.keptIn === undefined
          ? `the answer could not be kept (${fate.notKept.join('; ')})`
          : `the whole answer is kept in ${fate.keptIn} (mode 0600)`)
      );
  }
};

const closingLine = (outcome: LiveOutcome): string => {
  const { verified, failed } = tally(outcome);
  return (
    `Verified live ${verified.length} of ${outcome.interactions.length} interactions against ` +
    `${outcome.providerUrl}: ${verified.length - failed.length} passed, ${failed.length} failed`
  );
};

export const outcomeLines = (outcome: LiveOutcome): string[] => {
  const consumers = new Set(outcome.interactions.flatMap((i) => i.consumer ?? []));
  const token = tokenLine(outcome.token);
  return [
    ...(outcome.brokerUrl === undefined ? [] : [notPublishedLine(outcome.brokerUrl)]),
    ...outcome.interactions.map((i) => interactionLine(i, consumers)),
    ...(token === undefined ? [] : [token]),
    ...(tally(outcome).verified.length === 0
      ? ['verify:live: no interaction was verified live, so none passed']
      : []),
    closingLine(outcome),
  ];
};

/** Passed: at least one interaction verified live, and none of those failed (pending aside). */
export const livePassed = (outcome: LiveOutcome): boolean => {
  const { verified, blocking } = tally(outcome);
  return verified.length > 0 && blocking.length === 0;
};

/** The same for a scheduler or an alert: the counts, each interaction, the token's fate. */
export const outcomeJson = (outcome: LiveOutcome) => {
  const { verified, failed } = tally(outcome);
  return {
    providerUrl: outcome.providerUrl,
    verifiedLive: verified.length,
    interactions: outcome.interactions.length,
    passed: verified.length - failed.length,
    failed: failed.length,
    ok: livePassed(outcome),
    published: false,
    ...(outcome.brokerUrl === undefined ? {} : { brokerUrl: outcome.brokerUrl }),
    token: outcome.token,
    results: outcome.interactions.map((interaction) => ({
      verdict: verdictOf(interaction),
      ...interaction,
    })),
  };
};
