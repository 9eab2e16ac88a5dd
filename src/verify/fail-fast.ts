/**
 * A run that stops at the first request left unanswered, and says where, on pact-js's
 * extension points (why there: docs/verification.md). Its `requestFilter` sends every provider
 * request itself, within the deadline (./exchange.ts): pact-js's proxy has none, and throws
 * an uncaught error on a refused connection. After the first request unanswered or refused,
 * every request is answered at once (`503 not sent: ...`), so the verifier ends in moments.
 * State changes report here (./state-handlers.ts): a failed state fails its interaction, whose
 * request is then not sent; an unanswered one stops the run, as a crash does (./crash.ts).
 *
 * Interactions are counted by their provider requests: the verifier sends one per HTTP
 * interaction, in the order of its report. pact-js answers every state change 200 (even when
 * a handler throws), so the verifier never skips one.
 */
import type * as http from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { redactUrl } from '../broker/mask.js';
import { endToEnd, type ProviderAnswer, type Send } from './exchange.js';
import type { VerificationOutcome } from './results.js';

/** A URL and how messages name it: the variable that set it, or what it is. */
export interface Endpoint {
  readonly name: string;
  readonly url: string;
}

export const named = ({ name, url }: Endpoint): string => `${name} (${redactUrl(url)})`;

/** What pact-js hands its requestFilter: Node's request, after express and body-parser. */
type VerifierRequest = http.IncomingMessage & {
  body?: unknown;
  originalUrl?: string;
  path?: string;
};
type RequestFilter = (req: VerifierRequest, res: http.ServerResponse, next: () => void) => void;

export type StateChangeFailure =
  /** Its interaction fails with the message. */
  | { readonly _tag: 'StateFailed'; readonly message: string }
  /** The run stops with the message. */
  | { readonly _tag: 'Unanswered'; readonly message: string };

export interface ProviderStopped {
  readonly _tag: 'ProviderStopped';
  readonly message: string;
}

/** What the run saw, interactions numbered from 0 in the order of the verifier's report. */
interface RunLog {
  requests: number;
  halt: { readonly interaction: number; readonly message: string } | undefined;
  readonly stateFailures: Map<number, readonly string[]>;
}

/**
 * pact-js's own routes (its Verifier's stateSetupPath and messageTransportPath): its
 * requestFilter sees them too (pact-js#1037), and passes them on.
 */
const PACT_JS_ROUTES = new Set(['/_pactSetup', '/_messages']);

/** The body as pact-js's proxy would re-send it (its parseBody): parsed JSON re-serialised. */
const bodyOf = ({ body }: VerifierRequest): Buffer =>
  Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : JSON.stringify(body));

const reply = (res: http.ServerResponse, { status, headers, body }: ProviderAnswer): void => {
  res.writeHead(status, { ...endToEnd(headers), 'content-length': body.length });
  res.end(body);
};

const notSent = (res: http.ServerResponse, why: string): void =>
  reply(res, {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: Buffer.from(`not sent: ${why}`),
  });

const filterFor =
  (log: RunLog, provider: Endpoint, send: Send): RequestFilter =>
  (req, res, next) => {
    if (PACT_JS_ROUTES.has(req.path ?? '')) return next();
    const interaction = log.requests++;
    if (log.halt !== undefined) return notSent(res, log.halt.message);
    if (log.stateFailures.has(interaction))
      return notSent(res, 'its provider state could not be set up');
    const base = new URL(provider.url);
    const path = req.originalUrl ?? '/';
    void send({
      // The provider URL's path first: a deployment may live under a prefix.
      url: new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base),
      method: req.method ?? 'GET',
      headers: req.headers,
      body: bodyOf(req),
    })().then(
      E.match(
        ({ cause }) => {
          const message = `${named(provider)}: ${cause} to ${req.method} ${path}`;
          log.halt ??= { interaction, message };
          notSent(res, cause);
        },
        (answer) => reply(res, answer),
      ),
    );
  };

/** A state change of the next interaction (setup) or the last (teardown), unless moot. */
const stateChangeFor =
  (log: RunLog) =>
  async <A>(
    action: 'setup' | 'teardown',
    change: TE.TaskEither<StateChangeFailure, A>,
  ): Promise<A | undefined> => {
    const interaction = action === 'setup' ? log.requests : log.requests - 1;
    // Nothing to tear down after a setup that failed: its failure already says why.
    if (log.halt !== undefined || (action === 'teardown' && log.stateFailures.has(interaction))) {
      return undefined;
    }
    const result = await change();
    if (E.isRight(result)) return result.right;
    const { _tag, message } = result.left;
    if (_tag === 'Unanswered') log.halt ??= { interaction, message };
    else
      log.stateFailures.set(interaction, [...(log.stateFailures.get(interaction) ?? []), message]);
    return undefined;
  };

/** One line naming the cause and the interaction that was waiting. */
const stoppedRun = (
  { interaction, message }: NonNullable<RunLog['halt']>,
  { interactions }: VerificationOutcome,
): ProviderStopped => {
  const waiting = interactions[interaction]?.description;
  const where =
    waiting === undefined
      ? `while verifying interaction ${interaction + 1}`
      : `while verifying "${waiting}" (interaction ${interaction + 1} of ${interactions.length})`;
  const after = interactions.length - interaction - 1;
  const rest = after > 0 ? ` (${after} more not verified)` : '';
  return { _tag: 'ProviderStopped', message: `${message}, ${where}; the run stopped there${rest}` };
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

export const failFast = (provider: Endpoint, send: Send) => {
  const log: RunLog = { requests: 0, halt: undefined, stateFailures: new Map() };
  return {
    requestFilter: filterFor(log, provider, send),
    stateChange: stateChangeFor(log),
    /** Stops the run: every later request is answered at once. */
    halt: (message: string): void => {
      log.halt ??= { interaction: log.requests, message };
    },
    /** The verifier's outcome with what the run saw: where it stopped, or the failed states. */
    verdict: (outcome: VerificationOutcome): E.Either<ProviderStopped, VerificationOutcome> =>
      log.halt === undefined
        ? E.right(withStateFailures(outcome, log.stateFailures))
        : E.left(stoppedRun(log.halt, outcome)),
  };
};
export type FailFast = ReturnType<typeof failFast>;
