/**
 * Generated provider answers for the client, good and bad: any status, right
 * and wrong content types, valid token sets and error bodies, bodies broken in
 * one place, arbitrary JSON, HTML error pages, bad JSON, random bytes, bodies
 * cut short, connections reset, answers too slow to wait for. Each answer
 * knows how to play itself on a node:http response.
 */
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { ErrorBody, TokenResponseBody } from '../../contracts/index.js';
import { arbitraryOf, brokenArbitraryOf } from 'pact-io-ts/arbitrary';

/** What the client sends: the answers quote it to check it never comes back out. */
export const SENT_TOKEN = 'rt_fuzzed-client-refresh-token-0001';

export type ScriptedAnswer =
  /** Headers and the whole body. */
  | {
      readonly kind: 'complete';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Buffer;
    }
  /** Content-Length promises the whole body; part of it is sent, then the connection drops. */
  | {
      readonly kind: 'truncated';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Buffer;
      readonly sent: number;
    }
  /** The connection drops before any answer. */
  | { readonly kind: 'reset' }
  /** Too slow: nothing, headers only, or part of the body, then silence. */
  | { readonly kind: 'stall'; readonly after: 'nothing' | 'headers' | 'some-body' };

const statusCode = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(200, 400, 401, 403, 429, 500) },
  fc.constantFrom(201, 202, 203, 204, 206, 301, 302, 304, 307, 404, 405, 413, 415, 502, 503, 504),
  fc.integer({ min: 200, max: 599 }),
);

const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('application/json; charset=utf-8') },
  fc.constantFrom(
    'text/html; charset=utf-8',
    'text/plain',
    'application/problem+json',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'application/jsonp',
    '',
  ),
);

const retryAfter = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  fc.constantFrom('0', '1', '2', '120', '86400', '-1', '1.5', 'soon', '99999999999999999999'),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
);

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/** Bodies, often quoting the token the client sent, as a careless server might. */
const body: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: arbitraryOf(TokenResponseBody, { unknownFields: true }).map(json) },
  { weight: 3, arbitrary: arbitraryOf(ErrorBody, { unknownFields: true }).map(json) },
  fc.constant(
    json({
      errors: [{ code: 'AUTHENTICATION_ERROR', detail: `token ${SENT_TOKEN} is unknown` }],
    }),
  ),
  brokenArbitraryOf(TokenResponseBody).map((b) => json(b.body)),
  brokenArbitraryOf(ErrorBody).map((b) => json(b.body)),
  fc.jsonValue({ maxDepth: 3 }).map(json),
  fc.constant(
    Buffer.from(`<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>${SENT_TOKEN}</body></html>`),
  ),
  fc.constant(Buffer.from(`{"refresh_token":"${SENT_TOKEN}",`)),
  fc.constant(Buffer.from(`Unexpected token in ${SENT_TOKEN}`)),
  fc.constant(Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 100_000, max: 400_000 }).map((n) => Buffer.alloc(n, 0x5b)),
);

const headers = fc.tuple(contentType, retryAfter).map(([type, retry]) => ({
  ...(type === '' ? {} : { 'content-type': type }),
  ...(retry === undefined ? {} : { 'retry-after': retry }),
}));

/** Answers the client has time to receive (with a generous timeout). */
export const timelyAnswer: fc.Arbitrary<ScriptedAnswer> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ status: statusCode, headers, body })
      .map((a): ScriptedAnswer => ({ kind: 'complete', ...a })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ status: statusCode, headers, body: body.filter((b) => b.length > 1) })
      .chain((a) =>
        fc
          .nat({ max: a.body.length - 1 })
          .map((sent): ScriptedAnswer => ({ kind: 'truncated', ...a, sent })),
      ),
  },
  { weight: 1, arbitrary: fc.constant<ScriptedAnswer>({ kind: 'reset' }) },
);

/** Answers that never complete: the client must give up on its own. */
export const stalledAnswer: fc.Arbitrary<ScriptedAnswer> = fc
  .constantFrom('nothing', 'headers', 'some-body')
  .map((after): ScriptedAnswer => ({ kind: 'stall', after }));

/** Plays `answer` on `response`. Stalled responses are left open for the caller to end. */
export const play = (answer: ScriptedAnswer, response: ServerResponse): void => {
  switch (answer.kind) {
    case 'complete':
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
      return;
    case 'truncated':
      response.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(answer.body.length),
      });
      response.write(answer.body.subarray(0, answer.sent), () => response.destroy());
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'stall':
      if (answer.after === 'nothing') return;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      if (answer.after === 'headers') response.flushHeaders();
      else response.write('{"access_token":');
      return;
  }
};
