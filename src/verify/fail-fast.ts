/**
 * A run that stops at the first request left unanswered, and says where (docs/verification.md),
 * behind the one local HTTP server of a run: the relay, standing between the Rust verifier and
 * the provider (the verifier's `--hostname/--port`). Every provider request is sent within the
 * deadline (./exchange.ts); after the first one unanswered or refused, every request is answered
 * at once (`503 not sent: ...`). The state-change URL, at a path nothing else uses, calls the
 * run's one state-change function (./state-change.ts) and always answers 200 with the values as
 * a JSON object, so the verifier never retries a state change nor skips a request. A failed
 * state fails its interaction, whose request is then not sent; an unanswered state change, or an
 * exception thrown in this process during the run (which would leave the verifier waiting),
 * stops the run. Interactions are counted by their provider requests: the verifier sends one per
 * HTTP interaction, in the order of its report.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../contracts/index.js';
import { firstLine } from '../config/index.js';
import { StateChangeBody } from '../provider/http/provider-states-route.js';
import {
  bodyOf,
  endToEnd,
  named,
  notSent,
  type Endpoint,
  type ProviderAnswer,
  type Send,
} from './exchange.js';
import type { VerificationOutcome } from './results.js';
import type { StateChange, StateChangeAnswer, StateValues } from './state-change.js';

/** What the run saw, interactions numbered from 0 in the order of the verifier's report. */
interface RunLog {
  requests: number;
  halt: { readonly interaction: number; readonly message: string } | undefined;
  crash: string | undefined;
  readonly stateFailures: Map<number, readonly string[]>;
  /** Every state change sent, and how a URL answered those that failed. */
  readonly stateChanges: { sent: number; readonly answered: StateChangeAnswer[] };
}

/** The answer to each provider request the verifier makes, in the order it makes them. */
const answerFor =
  (log: RunLog, provider: Endpoint, send: Send) =>
  async (request: http.IncomingMessage, body: Buffer): Promise<ProviderAnswer> => {
    // Path and query, as the verifier asked for them.
    const { method = 'GET', url: path = '/', headers } = request;
    const interaction = log.requests++;
    if (log.halt !== undefined) return notSent(log.halt.message);
    if (log.stateFailures.has(interaction))
      return notSent('its provider state could not be set up');
    const base = new URL(provider.url);
    const sent = await send({
      // The provider URL's path first: a deployment may live under a prefix.
      url: new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base),
      method,
      headers,
      body,
    })();
    if (E.isRight(sent)) return sent.right;
    const { cause } = sent.left;
    log.halt ??= { interaction, message: `${named(provider)}: ${cause} to ${method} ${path}` };
    return notSent(cause);
  };

/**
 * The outcome as far as the run got: the interactions before the stop as verified, the one
 * that was waiting failed with the cause, the later ones not verified (the verifier only
 * saw the run's stand-in answers for them); and one line naming the cause and the interaction
 * that was waiting.
 */
const stoppedAt = (
  { interaction: at, message }: NonNullable<RunLog['halt']>,
  { interactions }: VerificationOutcome,
): { readonly outcome: VerificationOutcome; readonly line: string } => {
  const of = `interaction ${at + 1} of ${interactions.length}`;
  const waiting = interactions[at]?.description;
  const where = waiting === undefined ? `interaction ${at + 1}` : `"${waiting}" (${of})`;
  const after = interactions.length - at - 1;
  const rest = after > 0 ? ` (${after} more not verified)` : '';
  const notVerified = `the run stopped at ${of}`;
  return {
    outcome: {
      passed: false,
      interactions: interactions.map((interaction, n) =>
        n < at
          ? interaction
          : n === at
            ? { ...interaction, passed: false, mismatches: [message] }
            : { ...interaction, passed: false, mismatches: [], notVerified },
      ),
    },
    line: `${message}, while verifying ${where}; the run stopped there${rest}`,
  };
};

/**
 * An interaction whose state failed reports that failure, not its mismatches with the 503
 * that stood in for the provider's answer; a failed teardown fails a passed interaction too.
 * Pending interactions still cannot fail the run.
 */
const withStateFailures = (
  { passed, interactions }: VerificationOutcome,
  stateFailures: RunLog['stateFailures'],
): VerificationOutcome => {
  const checked = interactions.map((interaction, n) => {
    const mismatches = stateFailures.get(n);
    return mismatches === undefined ? interaction : { ...interaction, passed: false, mismatches };
  });
  return { passed: passed && checked.every((i) => i.passed || i.pending), interactions: checked };
};

/**
 * One line when the state-change URL answered every state change with the same error status
 * (a refused secret, a wrong path, states switched off): no state was set up, and each
 * interaction's line would only say so again.
 */
const everyStateRefused = ({ sent, answered }: RunLog['stateChanges']): string | undefined => {
  const [first] = answered;
  if (first === undefined || answered.length !== sent) return undefined;
  const same = answered.every(({ by, status }) => by === first.by && status === first.status);
  if (!same) return undefined;
  const every = sent === 1 ? 'the one state change' : `all ${sent} state changes`;
  return `${first.by} answered ${first.status} to ${every}, so no provider state was set up: ${first.why}`;
};

/** What the run saw, with the verifier's outcome: where it stopped, if it did. */
export interface Verdict {
  readonly outcome: VerificationOutcome;
  /**
   * Why the run ended early, in one line: the first exception thrown during it, or the provider
   * that stopped answering and where; else whether the state-change URL refused every change.
   */
  readonly ended?: {
    readonly _tag: 'Crashed' | 'ProviderStopped' | 'StatesRefused';
    readonly message: string;
  };
}

/** An error in one line, with its code when it has one (`ECONNRESET`...). */
const described = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  return `${firstLine(error)}${code === '' ? '' : ` (${String(code)})`}`;
};

/** What the run saw, from its start. */
const newRunLog = (): RunLog => ({
  requests: 0,
  halt: undefined,
  crash: undefined,
  stateFailures: new Map(),
  stateChanges: { sent: 0, answered: [] },
});

/** The verifier's outcome with what the run saw: where it stopped, and the failed states. */
const verdictOf =
  (log: RunLog) =>
  (reported: VerificationOutcome): Verdict => {
    const outcome = withStateFailures(reported, log.stateFailures);
    if (log.halt === undefined) {
      const refused = everyStateRefused(log.stateChanges);
      return { outcome, ...(refused && { ended: { _tag: 'StatesRefused', message: refused } }) };
    }
    const stopped = stoppedAt(log.halt, outcome);
    const ended =
      log.crash === undefined
        ? { _tag: 'ProviderStopped' as const, message: stopped.line }
        : { _tag: 'Crashed' as const, message: log.crash };
    return { outcome: stopped.outcome, ended };
  };

/**
 * A state change of the next interaction (setup) or the last (teardown), unless moot, answered
 * with its values. A body the verifier cannot have sent throws: the run then stops.
 */
const changeState =
  (log: RunLog, stateChange: StateChange) =>
  async (body: Buffer): Promise<ProviderAnswer> => {
    const change = decode(StateChangeBody)(JSON.parse(body.toString('utf8')));
    if (E.isLeft(change)) throw new Error(`the verifier's state change: ${change.left.message}`);
    const { state, params = {}, action = 'setup' } = change.right;
    const interaction = action === 'setup' ? log.requests : log.requests - 1;
    // The verifier calls with an empty state for an interaction that has none; there is nothing
    // to tear down after a setup that failed: its failure already says why.
    const moot =
      state === '' ||
      log.halt !== undefined ||
      (action === 'teardown' && log.stateFailures.has(interaction));
    let values: StateValues = {};
    if (!moot) {
      log.stateChanges.sent += 1;
      const result = await stateChange(state, action, params)();
      if (E.isRight(result)) values = result.right;
      else if (result.left._tag === 'Unanswered') {
        log.halt ??= { interaction, message: result.left.message };
      } else {
        const { message, answered } = result.left;
        log.stateFailures.set(interaction, [
          ...(log.stateFailures.get(interaction) ?? []),
          message,
        ]);
        if (answered !== undefined) log.stateChanges.answered.push(answered);
      }
    }
    const json = { 'content-type': 'application/json' };
    return { status: 200, headers: json, body: Buffer.from(JSON.stringify(values)) };
  };

const reply = (res: http.ServerResponse, { status, headers, body }: ProviderAnswer): void => {
  res.writeHead(status, { ...endToEnd(headers), 'content-length': body.length });
  res.end(body);
};

export interface Relay {
  readonly port: number;
  readonly stateChangeUrl: string;
  /** Closes the server, and stops catching what escapes this process. */
  readonly close: () => Promise<void>;
  readonly verdict: (reported: VerificationOutcome) => Verdict;
}

/** The relay for one run, listening on 127.0.0.1; until closed, it catches what escapes. */
export const startRelay = (
  provider: Endpoint,
  send: Send,
  stateChange: StateChange,
): Promise<Relay> => {
  const log = newRunLog();
  /** Stops the run with the first thing thrown: every later request is answered at once. */
  const crash = (error: unknown): void => {
    log.crash ??= `unexpected error during verification: ${described(error)}`;
    log.halt ??= { interaction: log.requests, message: log.crash };
  };
  const statePath = `/${randomUUID()}`;
  const answer = answerFor(log, provider, send);
  const answerState = changeState(log, stateChange);
  const server = http.createServer((req, res) => {
    void bodyOf(req)
      .then((body) => (req.url === statePath ? answerState(body) : answer(req, body)))
      .catch((error: unknown) => {
        crash(error);
        return notSent('the verification failed to answer');
      })
      .then((answered) => reply(res, answered));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      process.off('uncaughtException', crash).off('unhandledRejection', crash);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      process.on('uncaughtException', crash).on('unhandledRejection', crash);
      const stateChangeUrl = `http://127.0.0.1:${port}${statePath}`;
      resolve({ port, stateChangeUrl, close, verdict: verdictOf(log) });
    });
  });
};
