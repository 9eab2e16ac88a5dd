/**
 * What a live run found, and what `npm run verify:live` prints of it. Per interaction, the
 * verification's own result (`InteractionResult`, ../results.ts) with the decision its request
 * met; what became of the live token. Printed: one line per interaction (verified live, passed or
 * failed, or not verifiable live and why), the token's line, and the closing line
 * `Verified live N of M interactions against URL: P passed, F failed`; or the same as one JSON
 * document. Secrets are masked by the caller, in everything printed.
 */
import { redactUrl } from '../../broker/mask.js';
import type { InteractionResult } from '../results.js';
import type { VerificationRun } from '../verify.js';
import { TOKEN_REFUSED, type LiveDecision } from './decisions.js';
import type { TokenFate } from './token.js';

/** An interaction as `npm run verify` reports it, and whether (and how) it was verified live. */
export type LiveInteractionResult = InteractionResult & { readonly live: LiveDecision };

/**
 * The verification's own run, so one reporting (JUnit, the job summary, annotations:
 * src/ci/verification.ts) reads both: one not verifiable live is one not verified.
 */
export interface LiveOutcome extends VerificationRun {
  readonly outcome: {
    readonly passed: boolean;
    readonly interactions: readonly LiveInteractionResult[];
  };
  readonly token: TokenFate;
  /** The broker the pacts came from, when they did: nothing is published there. */
  readonly brokerUrl?: string;
}

/**
 * Each interaction of the verifier's report with the decision its request met, in order, and
 * what the provider said masked. Passed: at least one interaction verified live, and none of
 * those failed (pending aside).
 */
export const liveOutcome = (
  run: VerificationRun,
  decisions: readonly LiveDecision[],
  token: TokenFate,
  brokerUrl: string | undefined,
  mask: (text: string) => string,
): LiveOutcome => {
  const interactions = run.outcome.interactions.map((interaction, n): LiveInteractionResult => {
    const live: LiveDecision = decisions[n] ?? {
      _tag: 'NotVerifiable',
      why: 'its request never reached the live run',
    };
    // Not sent: the verifier's verdict on the stand-in answer means nothing.
    return live._tag === 'Verify'
      ? { ...interaction, mismatches: interaction.mismatches.map(mask), live }
      : {
          ...interaction,
          passed: false,
          mismatches: [],
          notVerified: `not verifiable live: ${live.why}`,
          live,
        };
  });
  const verified = interactions.filter((i) => i.live._tag === 'Verify');
  return {
    providerUrl: redactUrl(run.providerUrl),
    pactReport: mask(run.pactReport),
    outcome: {
      passed: verified.length > 0 && verified.every((i) => i.passed || i.pending),
      interactions,
    },
    token,
    ...(brokerUrl === undefined ? {} : { brokerUrl: redactUrl(brokerUrl) }),
  };
};

/** How many interactions were verified live, and of those how many failed (pending or not). */
const tally = ({ outcome }: LiveOutcome) => {
  const verified = outcome.interactions.filter((i) => i.live._tag === 'Verify');
  return { verified: verified.length, failed: verified.filter((i) => !i.passed).length };
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
    case 'NotSaved': // the run's last line says where the successor is (notSavedLine)
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

/** The line a failed save ends the run with: where the successor is, never what it is. */
export const notSavedLine = (fate: Extract<TokenFate, { _tag: 'NotSaved' }>): string =>
  `the successor of the live refresh token was not saved (${fate.why}); ` +
  (fate.keptIn === undefined
    ? `it could not be kept anywhere either (${fate.notKept.join('; ')}): it is lost, and the ` +
      `token must be authorized again`
    : `it is kept in ${fate.keptIn} (mode 0600): save it as the live token, then remove that file`) +
  '; the run stopped there';

const closingLine = (outcome: LiveOutcome): string => {
  const { verified, failed } = tally(outcome);
  return (
    `Verified live ${verified} of ${outcome.outcome.interactions.length} interactions against ` +
    `${outcome.providerUrl}: ${verified - failed} passed, ${failed} failed`
  );
};

export const outcomeLines = (outcome: LiveOutcome): string[] => {
  const { interactions } = outcome.outcome;
  const consumers = new Set(interactions.flatMap((i) => i.consumer ?? []));
  const token = tokenLine(outcome.token);
  return [
    ...(outcome.brokerUrl === undefined ? [] : [notPublishedLine(outcome.brokerUrl)]),
    ...interactions.map((i) => interactionLine(i, consumers)),
    ...(token === undefined ? [] : [token]),
    ...(tally(outcome).verified === 0
      ? ['verify:live: no interaction was verified live, so none passed']
      : []),
    closingLine(outcome),
  ];
};

/** The same for a scheduler or an alert: the counts, each interaction, the token's fate. */
export const outcomeJson = (outcome: LiveOutcome) => {
  const { verified, failed } = tally(outcome);
  return {
    providerUrl: outcome.providerUrl,
    verifiedLive: verified,
    interactions: outcome.outcome.interactions.length,
    passed: verified - failed,
    failed,
    ok: outcome.outcome.passed,
    published: false,
    ...(outcome.brokerUrl === undefined ? {} : { brokerUrl: outcome.brokerUrl }),
    token: outcome.token,
    // notVerified: said by `verdict` and `live`.
    results: outcome.outcome.interactions.map(({ notVerified: _, ...interaction }) => ({
      verdict: verdictOf(interaction),
      ...interaction,
    })),
  };
};
