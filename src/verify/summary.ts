/**
 * One report of a verification, for people: what passed, what failed and why. A run with pacts
 * from a broker says more: which broker (its URL without credentials), which consumer versions
 * it asked for, which pacts were pending (the broker's own notices, as the verifier printed them
 * before each pact), and whether the results were published, under which provider version.
 */
import { stripVTControlCharacters } from 'node:util';
import { redactUrl } from '../broker/mask.js';
import { PACT_URL_VARIABLE, type PactSource } from './config.js';
import { CONSUMER_VERSION_SELECTORS } from './pact-verifier.js';
import { consumerIn, failedInteractions, PACT_HEADER, unverifiedInteractions } from './results.js';
import type { VerificationRun } from './verify.js';

/**
 * `statesSaidOnce`: the state-change URL refused every state change, which the run's last line
 * says once; an interaction with a state then shows no line of its own.
 */
export const summaryLines = (run: VerificationRun, statesSaidOnce = false): string[] => {
  const { interactions } = run.outcome;
  const failed = failedInteractions(run.outcome);
  const unverified = unverifiedInteractions(run.outcome).length;
  const passed = interactions.length - failed.length - unverified;
  const lines = [
    `Verified ${interactions.length} interactions against ${redactUrl(run.providerUrl)}: ` +
      `${passed} passed, ${failed.length} failed` +
      (unverified === 0 ? '' : `, ${unverified} not verified`),
  ];
  for (const interaction of failed) {
    const given = interaction.providerStates.join(' and ');
    lines.push(
      `  ${interaction.pending ? '(pending) ' : ''}${interaction.description}` +
        (given === '' ? '' : ` (given ${given})`),
    );
    if (statesSaidOnce && interaction.providerStates.length > 0) continue;
    for (const mismatch of interaction.mismatches) lines.push(`    - ${mismatch}`);
  }
  return lines;
};

export type BrokerSource = Extract<PactSource, { readonly _tag: 'Broker' }>;

/** A pact the broker handed out, as the verifier announced it. */
export interface BrokerPact {
  readonly consumer: string;
  /** Why the broker selected it: the consumer versions it belongs to (`latest version from...`). */
  readonly selectedAs: readonly string[];
  /** The broker's word: its failures do not fail the run. */
  readonly pending: boolean;
}

/** The broker's first notice of a pact: `The pact at <url> is being verified because ...`. */
const SELECTED_NOTICE = /^The pact at \S+ is being verified because/;
/** A consumer version the pact belongs to, listed under that notice... */
const CRITERION = /^\s+\* (.+)$/;
/** ...or the notice itself, for a work-in-progress pact. */
const WIP = /'work in progress' pact \(ie\. it is the pact for (.+?) and /;
/** pact_broker's notice for a pending pact. */
const PENDING_NOTICE = /\bis in pending state\b/;

/**
 * The pacts of Pact's report, in order, each with the broker's notices the verifier printed just
 * before it: they start at the notice that says why it is verified.
 */
export const brokerPactsIn = (pactReport: string): readonly BrokerPact[] => {
  const pacts: BrokerPact[] = [];
  let notices: string[] = [];
  for (const line of stripVTControlCharacters(pactReport).split('\n')) {
    if (SELECTED_NOTICE.test(line)) notices = [line];
    else if (!line.startsWith(PACT_HEADER)) notices.push(line);
    else {
      pacts.push({
        consumer: consumerIn(line) ?? '',
        selectedAs: notices.flatMap((notice) => [
          ...(CRITERION.exec(notice)?.slice(1) ?? []),
          ...(WIP.exec(notice)
            ?.slice(1)
            .map((what) => `work in progress: ${what}`) ?? []),
        ]),
        pending: notices.some((notice) => PENDING_NOTICE.test(notice)),
      });
      notices = [];
    }
  }
  return pacts;
};

const selection = (source: BrokerSource): string =>
  source.pactUrl === undefined
    ? `consumer version selectors ${CONSUMER_VERSION_SELECTORS.map((s) => JSON.stringify(s)).join(', ')}; ` +
      `pending pacts on; work-in-progress pacts since ${source.includeWipPactsSince}`
    : `the one pact ${PACT_URL_VARIABLE} names (${redactUrl(source.pactUrl)})`;

const pactLine = ({ consumer, selectedAs, pending }: BrokerPact): string =>
  `  ${consumer}${selectedAs.length === 0 ? '' : ` (${selectedAs.join('; ')})`}: ` +
  (pending
    ? 'pending, its failures do not fail the run'
    : 'not pending, its failures fail the run');

/** The lines, for a run that reached the verifier. */
export const brokerSummaryLines = (source: BrokerSource, run: VerificationRun): string[] => {
  const pacts = brokerPactsIn(run.pactReport);
  const { providerVersion, providerBranch } = source;
  const version = `provider version ${providerVersion} (branch ${providerBranch})`;
  return [
    `Pacts from the broker ${redactUrl(source.broker.baseUrl)}: ${selection(source)}`,
    ...pacts.map(pactLine),
    source.publish
      ? `Results published to the broker as ${version}`
      : `Results not published (CI=true, PACT_PUBLISH_VERIFICATION_RESULTS=true or --publish publishes them as ${version})`,
  ];
};
