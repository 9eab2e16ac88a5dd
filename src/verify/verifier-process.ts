/**
 * The verifier process (started by ./verifier-pool.ts, which says why): pact-js's Verifier,
 * the Rust verifier inside, run for a verification in the process that started this one. Its
 * `requestFilter` and `stateHandlers` ask that process by message, which sends each provider
 * request and sets each state up itself (./fail-fast.ts); what the Rust verifier prints on
 * this process's stdout is the run's report. One run at a time, as many as asked.
 */
// The Verifier's own module: the package's index also loads the consumer DSL (0.3 s more).
import { Verifier } from '@pact-foundation/pact/src/dsl/verifier';
import { getFfiLib, setLogLevel, type LogLevel } from '@pact-foundation/pact-core';
import type * as http from 'node:http';
import { withCaStoreFor } from './ca-store.js';
import { described } from './crash.js';
import type { ProviderAnswer } from './exchange.js';
import { endToEnd } from './headers.js';
import {
  ANY_STATE,
  END_OF_REPORT,
  forAnyState,
  type FromVerifier,
  type Phases,
  type StateAction,
  type StateHandlers,
  type StatePhases,
  type StateResult,
  type ToVerifier,
  type VerifierData,
} from './verifier-protocol.js';

/** What pact-js hands its requestFilter: Node's request, after express and body-parser. */
type VerifierRequest = http.IncomingMessage & {
  body?: unknown;
  originalUrl?: string;
  path?: string;
};

/**
 * pact-js's own routes, as the Verifier names them for its proxy (its `stateSetupPath` and
 * `messageTransportPath` fields): its requestFilter sees them too (pact-js#1037), and passes
 * them on.
 */
const isPactJsRoute = (verifier: Verifier, path: string | undefined): boolean =>
  path === verifier['stateSetupPath'] || path === verifier['messageTransportPath'];

const tell = (message: FromVerifier): void => {
  process.send?.(message);
};

type Reply = Extract<ToVerifier, { readonly id: number }>;
const waiting = new Map<number, (reply: Reply) => void>();
let lastId = 0;

/** Asks the verification, and waits for its reply. */
const ask = (message: Extract<FromVerifier, { readonly id: number }>) =>
  new Promise<Reply>((resolve) => {
    waiting.set(message.id, resolve);
    tell(message);
  });

/** The body as pact-js's proxy would re-send it (its parseBody): parsed JSON re-serialised. */
const bodyOf = ({ body }: VerifierRequest): Buffer =>
  Buffer.isBuffer(body) ? body : Buffer.from(body === undefined ? '' : JSON.stringify(body));

const reply = (res: http.ServerResponse, { status, headers, body }: ProviderAnswer): void => {
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...endToEnd(headers), 'content-length': bytes.length });
  res.end(bytes);
};

/** Hands every provider request to the verification (pact-js's own routes go on to pact-js). */
const requestFilter =
  (verifier: () => Verifier) =>
  (req: VerifierRequest, res: http.ServerResponse, next: () => void) => {
    if (isPactJsRoute(verifier(), req.path)) return next();
    const request = {
      method: req.method ?? 'GET',
      path: req.originalUrl ?? '/',
      headers: req.headers,
      body: bodyOf(req),
    };
    void ask({ kind: 'request', id: ++lastId, request }).then(
      (answer) => answer.kind === 'answer' && reply(res, answer.answer),
    );
  };

const changeState = async (state: string, action: StateAction, params: unknown) => {
  const done = await ask({ kind: 'state', id: ++lastId, state, action, params });
  const result: StateResult =
    done.kind === 'state-done' ? done.result : { ok: false, message: 'no answer' };
  if (result.ok) return result.values;
  throw new Error(result.message);
};

const handlerWith = (state: string, { setup, teardown }: Phases) => ({
  ...(setup ? { setup: (params?: unknown) => changeState(state, 'setup', params) } : {}),
  ...(teardown ? { teardown: (params?: unknown) => changeState(state, 'teardown', params) } : {}),
});

/** Handlers with the phases the verification's own have, each asking it to run its own. */
const stateHandlers = (phases: StatePhases): StateHandlers => {
  const { [ANY_STATE]: any, ...named } = phases;
  const handlers = Object.fromEntries(
    Object.entries(named).map(([state, p]) => [state, handlerWith(state, p)]),
  );
  return any === undefined ? handlers : forAnyState((state) => handlerWith(state, any), handlers);
};

const verify = async (options: VerifierData, phases: StatePhases): Promise<void> => {
  // pact-js gives the core its own local proxy, plain http, as the provider.
  const { providerBaseUrl: _reachedFromNode, ...coreUrls } = options;
  let text: string;
  try {
    const verifier: Verifier = new Verifier({
      ...options,
      requestFilter: requestFilter(() => verifier),
      stateHandlers: stateHandlers(phases),
    });
    text = await withCaStoreFor(coreUrls, () => verifier.verifyProvider());
  } catch (error) {
    // A failed verification rejects with the JSON report as its message.
    text = error instanceof Error ? error.message : String(error);
  }
  // The Rust verifier's report is out (it prints before it returns): mark its end.
  process.stdout.write(END_OF_REPORT, () => tell({ kind: 'done', text }));
};

// The Rust core loaded now, before a run asks for it, at the log level the first run will ask
// for (it keeps the first level it is given, as it does in any process).
const level = process.argv[2] as LogLevel | undefined;
if (level !== undefined) {
  setLogLevel(level);
  getFfiLib(level);
}

process.on('message', (message: ToVerifier) => {
  if (message.kind === 'verify') void verify(message.options, message.states);
  else waiting.get(message.id)?.(message);
  if (message.kind !== 'verify') waiting.delete(message.id);
});

// The verification stops the run (every later request answered at once); this process lives on.
const crashed = (error: unknown) => tell({ kind: 'crash', message: described(error) });
process.on('uncaughtException', crashed);
process.on('unhandledRejection', crashed);
// Its verification is gone: nothing more to do (a run in flight is not waited for).
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
