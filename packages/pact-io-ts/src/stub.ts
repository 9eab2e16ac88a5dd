/**
 * A real HTTP server (node:http) serving answers on the wire as given: the
 * status, the headers (names written as given, nothing added but what HTTP/1.1
 * needs: `Content-Length`, `Date`, `Connection`) and the body's text as UTF-8.
 * `/mutants/<n>/<any path>` answers the n-th; any other path answers the one
 * last selected, for a verifier that knows one base URL.
 */
import * as http from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type { MutantStub, WireAnswer } from './answer.js';

/** What a stub serves under one id: a mutant, or a recorded answer. */
export interface Served {
  readonly id: string;
  readonly answer: WireAnswer;
}

export interface StubError {
  readonly _tag: 'StubError';
  readonly message: string;
}

const stubError = (message: string): StubError => ({
  _tag: 'StubError',
  message: `serveMutants: ${message}`,
});

const PREFIX = '/mutants/';

/** HTTP gives these statuses no body, and no Content-Length (RFC 9110 §8.6). */
const bodiless = (status: number) => status < 200 || status === 204 || status === 304;

/** The answer `answer` on `response`; a header HTTP refuses is a 500 naming it. */
const send = (response: http.ServerResponse, { status, headers, body }: WireAnswer) => {
  const bytes = Buffer.from(body ?? '', 'utf8');
  try {
    response.statusCode = status;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    const length = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
    if (!length && !bodiless(status)) {
      response.setHeader('Content-Length', bytes.length);
    }
  } catch (error) {
    response.removeHeader('Content-Length');
    return refuse(response, 500, `the stub cannot send this answer: ${String(error)}`);
  }
  response.end(bytes);
};

/** An answer of the stub's own, marked as such: no mutant was asked for. */
const refuse = (response: http.ServerResponse, status: number, message: string) => {
  for (const name of response.getHeaderNames()) response.removeHeader(name);
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain; charset=utf-8');
  response.setHeader('X-Mutant-Stub', 'no mutant');
  response.end(message);
};

/**
 * A stub serving `served` on 127.0.0.1 (a free port). Ids must be unique.
 * `baseUrlOf` and `select` throw on an id the stub does not serve: a
 * programming error, not a verdict.
 */
export const serveMutants = (
  served: readonly Served[],
): Promise<E.Either<StubError, MutantStub>> => {
  const indexOf = new Map(served.map((s, i) => [s.id, i]));
  if (indexOf.size !== served.length) {
    const ids = served.map((s) => s.id);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    return Promise.resolve(E.left(stubError(`the id "${twice[0] ?? ''}" is given twice`)));
  }
  const known = (id: string) => {
    const index = indexOf.get(id);
    if (index === undefined) throw new Error(`the stub serves no mutant "${id}"`);
    return index;
  };
  let selected: number | undefined;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const url = request.url ?? '/';
      const index = url.startsWith(PREFIX)
        ? Number(url.slice(PREFIX.length).split(/[/?#]/)[0])
        : selected;
      const answer = index === undefined ? undefined : served[index]?.answer;
      if (answer !== undefined) return send(response, answer);
      refuse(response, 404, index === undefined ? 'no mutant selected' : `no mutant at ${url}`);
    });
  });
  return new Promise((resolve) => {
    server.once('error', (error) => resolve(E.left(stubError(`cannot listen: ${String(error)}`))));
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
      resolve(
        E.right({
          origin,
          baseUrlOf: (id) => `${origin}${PREFIX}${known(id)}`,
          select: (id) => {
            selected = known(id);
          },
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              server.closeAllConnections();
            }),
        }),
      );
    });
  });
};
