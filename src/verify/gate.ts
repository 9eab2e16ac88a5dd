/**
 * The verifier's way to the provider: a local HTTP hop in front of the provider (and its
 * state-change URL) that owns the timeouts. Without it, pact-js's proxy has no timeout and
 * crashes the process on a refused connection (http-proxy throws when nobody listens for its
 * errors), and the Rust verifier waits on every interaction in turn, retrying state changes.
 *
 * Here the first request the target leaves unanswered, or refuses, halts the run: every later
 * request is answered at once without reaching the target, so the verifier finishes in moments
 * and the report can name the interaction that was waiting. A state change answered with an
 * error fails its interaction with the state's name, the status and the body.
 *
 * Requests are counted: the Rust verifier sends one request per HTTP interaction, in the order
 * of its report, so request n is interaction n (state changes never fail at its level here,
 * which keeps that true).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { causeOf, clientFor, gist, seconds } from '../broker/reachability.js';
import { redactUrl } from '../broker/mask.js';

/** A URL and how messages name it: the variable that set it, or what it is. */
export interface Endpoint {
  readonly name: string;
  readonly url: string;
}

export interface Halt {
  /** The request (so the interaction) that was waiting. */
  readonly request: number;
  readonly message: string;
}

export interface GateRecord {
  readonly requests: number;
  readonly halt?: Halt;
  /** Request number -> what went wrong with the provider states of its interaction. */
  readonly stateFailures: ReadonlyMap<number, readonly string[]>;
}

export interface Gate {
  /** Where the verifier sends provider requests. */
  readonly url: string;
  /** Where the verifier sends state changes, when the target has a state-change URL. */
  readonly stateChangeUrl?: string;
  /** Stops the run: every later request is answered at once (a crash elsewhere, say). */
  readonly halt: (message: string) => void;
  readonly record: () => GateRecord;
  readonly close: () => Promise<void>;
}

export interface GateOptions {
  readonly provider: Endpoint;
  readonly stateChange?: Endpoint;
  /** How long one request may take, answer included. */
  readonly timeoutMs: number;
}

/** The gate's own path for state changes; provider paths never reach it. */
const STATE_CHANGE_PATH = '/__verification-gate/state-change';
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

type Exchange =
  { readonly ok: true; readonly answer: Answer } | { readonly ok: false; readonly cause: string };

const endToEnd = (headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));

const readBody = (stream: NodeJS.ReadableStream): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/** `base`'s path, then `path` (a deployment may live under a prefix, as with http-proxy). */
const joined = (base: URL, path: string): URL =>
  new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base.origin);

interface Outgoing {
  readonly target: URL;
  readonly agent: http.Agent;
  readonly method: string;
  readonly headers: http.OutgoingHttpHeaders;
  readonly body: Buffer;
}

/** Pooled connections the target may have closed meanwhile, tried before a fresh one. */
const STALE_CONNECTION_RETRIES = 3;

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;

/** One request to the target, answer read in full, or the reason there is none. */
const exchange = (
  out: Outgoing,
  timeoutMs: number,
  retries = STALE_CONNECTION_RETRIES,
): Promise<Exchange> =>
  new Promise((resolve) => {
    const { target, agent, method, headers, body } = out;
    const request = clientFor(target).request(target, {
      method,
      agent,
      headers: { ...headers, host: target.host, 'content-length': body.length },
    });
    let settled = false;
    const settle = (result: Exchange | Promise<Exchange>) => {
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const failed = (error: unknown) =>
      settle({ ok: false, cause: causeOf(error, target.hostname) });
    const timer = setTimeout(() => {
      settle({ ok: false, cause: `no answer within ${seconds(timeoutMs)}` });
      request.destroy();
    }, timeoutMs);
    request.on('response', (response) => {
      readBody(response).then((answerBody) => {
        const status = response.statusCode ?? 502;
        settle({ ok: true, answer: { status, headers: response.headers, body: answerBody } });
      }, failed);
    });
    request.on('error', (error) => {
      if (settled) return;
      // A kept-alive connection the target closed is not an answer: Node's advice is a retry.
      if (request.reusedSocket && errorCode(error) === 'ECONNRESET' && retries > 0) {
        settle(exchange(out, timeoutMs, retries - 1));
      } else failed(error);
    });
    request.end(body);
  });

const named = (endpoint: Endpoint): string => `${endpoint.name} (${redactUrl(endpoint.url)})`;

/** What Pact's state-change body says: the state's name and setup or teardown. */
const stateOf = (body: Buffer): { readonly state: string; readonly action: string } => {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (typeof json === 'object' && json !== null) {
      const { state, action } = json as Record<string, unknown>;
      return {
        state: typeof state === 'string' ? state : '(unnamed state)',
        action: typeof action === 'string' ? action : 'setup',
      };
    }
  } catch {
    // Not JSON: the state is still worth a message.
  }
  return { state: '(unreadable state-change request)', action: 'setup' };
};

const reply = (
  res: http.ServerResponse,
  status: number,
  headers: http.OutgoingHttpHeaders,
  body: Buffer | string,
): void => {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

const agentFor = (url: URL): http.Agent =>
  url.protocol === 'https:'
    ? new https.Agent({ keepAlive: true })
    : new http.Agent({ keepAlive: true });

/** The run's log, shared by both handlers: requests counted, the halt, state failures. */
interface RunLog {
  requests: number;
  halt: Halt | undefined;
  readonly stateFailures: Map<number, string[]>;
}

const stop = (log: RunLog, request: number, message: string): void => {
  log.halt ??= { request, message };
};

const stateFailed = (log: RunLog, request: number, message: string): void => {
  log.stateFailures.set(request, [...(log.stateFailures.get(request) ?? []), message]);
};

const notSent = (res: http.ServerResponse, why: string) =>
  reply(res, 503, { 'content-type': 'text/plain; charset=utf-8' }, `not sent: ${why}`);

/** Where the gate forwards to, over one keep-alive agent. */
interface Hop {
  readonly url: URL;
  readonly agent: http.Agent;
}

const hopTo = (url: string): Hop => {
  const parsed = new URL(url);
  return { url: parsed, agent: agentFor(parsed) };
};

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** A provider request: forwarded, unless the run halted or its state could not be set up. */
const onProviderRequest =
  (options: GateOptions, log: RunLog, provider: Hop): Handler =>
  async (req, res) => {
    const request = log.requests++;
    const body = await readBody(req);
    if (log.halt !== undefined) return notSent(res, log.halt.message);
    if (log.stateFailures.has(request)) {
      return notSent(res, 'its provider state could not be set up');
    }
    const result = await exchange(
      {
        target: joined(provider.url, req.url ?? '/'),
        agent: provider.agent,
        method: req.method ?? 'GET',
        headers: endToEnd(req.headers),
        body,
      },
      options.timeoutMs,
    );
    if (result.ok)
      return reply(res, result.answer.status, endToEnd(result.answer.headers), result.answer.body);
    stop(log, request, `${named(options.provider)}: ${result.cause} to ${req.method} ${req.url}`);
    return notSent(res, result.cause);
  };

/**
 * A state change: forwarded to the state-change URL. Its failure is answered 200 to the
 * verifier (which would otherwise retry and lose the body) and recorded for its interaction.
 */
const onStateChange =
  (options: GateOptions, log: RunLog, stateChange: Hop | undefined): Handler =>
  async (req, res) => {
    const body = await readBody(req);
    const { state, action } = stateOf(body);
    // A setup belongs to the next provider request; a teardown to the one just made.
    const request = action === 'teardown' ? log.requests - 1 : log.requests;
    const done = () => reply(res, 200, { 'content-type': 'application/json' }, '{}');
    // Nothing to tear down after a setup that failed: its failure already says why.
    const setupFailed = action === 'teardown' && log.stateFailures.has(request);
    if (log.halt !== undefined || setupFailed || stateChange === undefined) return done();
    const result = await exchange(
      {
        target: stateChange.url,
        agent: stateChange.agent,
        method: 'POST',
        headers: endToEnd(req.headers),
        body,
      },
      options.timeoutMs,
    );
    const where = named(options.stateChange ?? options.provider);
    if (!result.ok) {
      stop(log, request, `${where}: ${result.cause} to the ${action} of provider state "${state}"`);
      return done();
    }
    const { status, headers, body: answer } = result.answer;
    if (status >= 200 && status < 300) return reply(res, status, endToEnd(headers), answer);
    stateFailed(
      log,
      request,
      `provider state "${state}" (${action}): ${where} answered ${status}: ${gist(answer)}`,
    );
    return done();
  };

/** Listens on a free port of 127.0.0.1; resolves with the server's URL. */
const listen = (server: http.Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });

export const openGate = async (options: GateOptions): Promise<Gate> => {
  const provider = hopTo(options.provider.url);
  const stateChange =
    options.stateChange === undefined ? undefined : hopTo(options.stateChange.url);
  const log: RunLog = { requests: 0, halt: undefined, stateFailures: new Map() };
  const handlers = {
    provider: onProviderRequest(options, log, provider),
    stateChange: onStateChange(options, log, stateChange),
  };
  const server = http.createServer((req, res) => {
    const handle = req.url === STATE_CHANGE_PATH ? handlers.stateChange : handlers.provider;
    handle(req, res).catch((error: unknown) => {
      // The gate's own failure must not leave the verifier waiting.
      stop(log, log.requests, `the verification gate failed: ${String(error)}`);
      if (!res.headersSent) notSent(res, String(error));
      else res.destroy();
    });
  });
  const url = await listen(server);
  return {
    url,
    ...(stateChange === undefined ? {} : { stateChangeUrl: `${url}${STATE_CHANGE_PATH}` }),
    halt: (message) => stop(log, log.requests, message),
    record: () => ({
      requests: log.requests,
      ...(log.halt === undefined ? {} : { halt: log.halt }),
      stateFailures: log.stateFailures,
    }),
    close: () =>
      new Promise<void>((done) => {
        provider.agent.destroy();
        stateChange?.agent.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
};
