/**
 * Sending hostile requests and reading what comes back, below fetch: node:http
 * for requests HTTP can express (any method, bytes as the body, any header),
 * raw TCP for those it cannot (broken framing, bad request lines), and a small
 * parser for the raw answers, interim `100 Continue` and chunked bodies included.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface Answer {
  readonly status: number;
  /** Lowercase names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Everything received: status line, headers and body. For leak checks. */
  readonly raw: Buffer;
}

/** What the connection produced: the answers, or why there are none. */
export type Exchange =
  | { readonly _tag: 'Answered'; readonly answers: readonly Answer[] }
  | { readonly _tag: 'NoAnswer'; readonly reason: string };

export interface HttpRequestSpec {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const headerRecord = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );

const rawOf = (status: number, headers: Record<string, string>, body: Buffer) =>
  Buffer.concat([
    Buffer.from(
      `${status}\r\n${Object.entries(headers)
        .map(([n, v]) => `${n}: ${v}`)
        .join('\r\n')}\r\n\r\n`,
      'latin1',
    ),
    body,
  ]);

/** A keep-alive agent: thousands of requests must not exhaust ephemeral ports. */
export const keepAliveAgent = () => new Agent({ keepAlive: true, maxSockets: 8 });

/** One request through node:http; a failed exchange is a value, never a rejection. */
export const sendHttp = (
  base: URL,
  spec: HttpRequestSpec,
  agent: Agent,
  timeoutMs = 10_000,
): Promise<Exchange> =>
  new Promise((resolve) => {
    let settled = false;
    const done = (exchange: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(exchange);
    };
    const timer = setTimeout(() => {
      done({ _tag: 'NoAnswer', reason: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    const req = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: spec.path,
        headers: { ...spec.headers, 'content-length': String(spec.body.length) },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => done({ _tag: 'NoAnswer', reason: error.message }));
        res.on('end', () => {
          const headers = headerRecord(res.headers);
          const body = Buffer.concat(chunks);
          const status = res.statusCode ?? 0;
          done({
            _tag: 'Answered',
            answers: [{ status, headers, body, raw: rawOf(status, headers, body) }],
          });
        });
      },
    );
    req.on('error', (error) => done({ _tag: 'NoAnswer', reason: error.message }));
    req.end(spec.body);
  });

const CRLF_CRLF = Buffer.from('\r\n\r\n');

interface Parsed {
  readonly answer: Answer;
  readonly rest: Buffer;
}

/** A chunked body from `data`; undefined when it is incomplete. */
const dechunk = (data: Buffer): { body: Buffer; used: number } | undefined => {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    const start = lineEnd + 2;
    if (size === 0) {
      const end = data.indexOf(CRLF_CRLF, lineEnd);
      return { body: Buffer.concat(parts), used: end < 0 ? data.length : end + 4 };
    }
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    offset = start + size + 2;
  }
};

/** The first complete answer in `data`, or undefined. HEAD answers carry no body. */
const parseOne = (data: Buffer, headRequest: boolean): Parsed | undefined => {
  const headEnd = data.indexOf(CRLF_CRLF);
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...lines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const bodyStart = headEnd + 4;
  const rawUpTo = (end: number) => data.subarray(0, end);
  if (headRequest || (status >= 100 && status < 200) || status === 204 || status === 304) {
    return {
      answer: { status, headers, body: Buffer.alloc(0), raw: rawUpTo(bodyStart) },
      rest: data.subarray(bodyStart),
    };
  }
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const chunked = dechunk(data.subarray(bodyStart));
    if (chunked === undefined) return undefined;
    const end = bodyStart + chunked.used;
    return {
      answer: { status, headers, body: chunked.body, raw: rawUpTo(end) },
      rest: data.subarray(end),
    };
  }
  const length = Number(headers['content-length'] ?? 'NaN');
  const end = Number.isSafeInteger(length) ? bodyStart + length : data.length;
  if (data.length < end) return undefined;
  return {
    answer: { status, headers, body: data.subarray(bodyStart, end), raw: rawUpTo(end) },
    rest: data.subarray(end),
  };
};

/** Every complete final answer in a byte stream; interim 1xx answers are skipped. */
export const parseAnswers = (data: Buffer, headRequest = false): Answer[] => {
  const answers: Answer[] = [];
  let rest = data;
  for (;;) {
    const parsed = parseOne(rest, headRequest);
    if (parsed === undefined) return answers;
    if (parsed.answer.status >= 200) answers.push(parsed.answer);
    rest = parsed.rest;
  }
};

/**
 * Writes `bytes` on a fresh connection, half-closes it (no more to come), and
 * reads until the server closes. A server that neither answers nor closes
 * within `timeoutMs` is reported as such.
 */
export const sendRaw = (
  base: URL,
  bytes: Buffer,
  options: { readonly timeoutMs?: number; readonly headRequest?: boolean } = {},
): Promise<Exchange> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(base.port), base.hostname);
    const finish = (reason: string) => {
      clearTimeout(timer);
      const answers = parseAnswers(Buffer.concat(chunks), options.headRequest);
      resolve(answers.length > 0 ? { _tag: 'Answered', answers } : { _tag: 'NoAnswer', reason });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish(`neither an answer nor a close within ${options.timeoutMs ?? 5000} ms`);
    }, options.timeoutMs ?? 5000);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer was sent still leaves the answer readable.
    socket.on('error', () => undefined);
    socket.on('close', () => finish('the server closed the connection without answering'));
  });
