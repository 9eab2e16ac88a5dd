/**
 * Requests that Node's HTTP server answers itself, before Fastify sees them:
 * a CONNECT, an HTTP/1.1 request without Host, an `Expect` other than
 * 100-continue. Like every other answer of the provider, these must be a 4xx
 * carrying the contract's `ErrorBody` (the fuzz generators leave them out and
 * they are checked here, by example).
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { decode, ErrorBody, JsonContentType, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { startProvider, type RunningProvider } from '../../src/provider/index.js';
import { sendRaw, type Exchange } from '../support/fuzz-http.js';

const BODY = '{"grant_type":"refresh_token","refresh_token":"rt_unknown"}';

const assertErrorBodyAnswer = (exchange: Exchange, status: number) => {
  assert.equal(exchange._tag, 'Answered', 'the provider closed the connection without answering');
  assert.ok(exchange._tag === 'Answered');
  const [answer] = exchange.answers;
  assert.equal(answer?.status, status);
  assert.match(answer.headers['content-type'] ?? '(none)', JsonContentType.pattern);
  const decoded = decode(ErrorBody)(JSON.parse(answer.body.toString('utf8') || 'null'));
  assert.ok(E.isRight(decoded), `not an ErrorBody: ${answer.body.toString('utf8')}`);
};

describe('hardening: requests Node answers before Fastify', () => {
  let provider: RunningProvider;
  let base: URL;
  before(async () => {
    provider = await startProvider({ rateLimit: false });
    base = new URL(provider.url);
  });
  after(() => provider.close());

  const send = (lines: readonly string[], body = '') =>
    sendRaw(base, Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1'));

  it('answers a CONNECT with a 405 ErrorBody instead of closing the connection', async () => {
    assertErrorBodyAnswer(await send([`CONNECT ${base.host} HTTP/1.1`, `Host: ${base.host}`]), 405);
  });

  it('answers an HTTP/1.1 request without Host with a 400 ErrorBody', async () => {
    const exchange = await send(
      [
        `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
        'Content-Type: application/json',
        `Content-Length: ${BODY.length}`,
      ],
      BODY,
    );
    assertErrorBodyAnswer(exchange, 400);
  });

  it('answers an Expect it cannot meet with a 417 ErrorBody', async () => {
    const exchange = await send(
      [
        `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
        `Host: ${base.host}`,
        'Expect: something-else',
        'Content-Type: application/json',
        `Content-Length: ${BODY.length}`,
      ],
      BODY,
    );
    assertErrorBodyAnswer(exchange, 417);
  });

  it('answers a HEAD with oversized headers with a bodiless 431 a client can read', async () => {
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: base.hostname,
          port: base.port,
          method: 'HEAD',
          path: TOKEN_REFRESH_PATH,
          headers: { 'x-padding': 'x'.repeat(20_000) },
          agent: false,
        },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    assert.deepEqual(answer, { status: 431, body: '' });
  });
});
