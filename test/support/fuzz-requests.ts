/**
 * Generators of hostile requests for the token endpoint: wrong types, missing
 * and extra fields, huge strings, deep nesting, invalid UTF-8, wrong and
 * missing content types, empty bodies, other methods and paths, and (over raw
 * TCP) broken framing. Real tokens are not known when generators are built, so
 * requests carry slots that the test fills in just before sending: a token
 * valid at that moment (LIVE) and one already spent (SPENT).
 */
import fc from 'fast-check';
import { TOKEN_REFRESH_PATH } from '../../contracts/index.js';

export const LIVE_SLOT = 'LIVE_TOKEN_SLOT';
export const SPENT_SLOT = 'SPENT_TOKEN_SLOT';

export interface Slots {
  readonly live: string;
  readonly spent: string;
}

const fillText = (text: string, slots: Slots) =>
  text.split(LIVE_SLOT).join(slots.live).split(SPENT_SLOT).join(slots.spent);

/** Byte-level, so that invalid UTF-8 around a slot survives untouched. */
export const fillBytes = (bytes: Buffer, slots: Slots): Buffer => {
  const replace = (data: Buffer, slot: string, value: string): Buffer => {
    const needle = Buffer.from(slot, 'latin1');
    const parts: Buffer[] = [];
    let from = 0;
    for (let at = data.indexOf(needle); at >= 0; at = data.indexOf(needle, from)) {
      parts.push(data.subarray(from, at), Buffer.from(value, 'utf8'));
      from = at + needle.length;
    }
    parts.push(data.subarray(from));
    return Buffer.concat(parts);
  };
  return replace(replace(bytes, LIVE_SLOT, slots.live), SPENT_SLOT, slots.spent);
};

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export const fillRequest = (request: HostileRequest, slots: Slots): HostileRequest => ({
  method: request.method,
  path: fillText(request.path, slots),
  headers: Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, fillText(value, slots)]),
  ),
  body: fillBytes(request.body, slots),
});

const token = fc.constantFrom(LIVE_SLOT, SPENT_SLOT);

/** Strings a refresh_token field might hold: real tokens, spoiled ones, nonsense. */
const tokenish: fc.Arbitrary<string> = fc.oneof(
  token,
  token.map((t) => ` ${t}`),
  token.map((t) => `${t}\n`),
  token.map((t) => t.toUpperCase()),
  token.map((t) => `Bearer ${t}`),
  fc.constant(''),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  // Huge, below and above the 8 KiB body limit.
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('rt_', 'at_', '\u0000', '\ud800', '💥'.repeat(100), '%00', '../../etc/passwd'),
);

const nested = (depth: number, inner: string, kind: 'array' | 'object') =>
  kind === 'array'
    ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

/** JSON text (not values: nesting this deep would not survive JSON.stringify's recursion nicely). */
const deepJson: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>,
  )
  .map(([depth, kind]) => nested(depth, JSON.stringify(LIVE_SLOT), kind));

/** A value for a field: the right type, or anything else JSON can say. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: tokenish },
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.array(token, { maxLength: 3 }),
  token.map((t) => ({ token: t })),
  fc.jsonValue({ maxDepth: 3 }),
);

const grantType: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('refresh_token') },
  fc.constantFrom('REFRESH_TOKEN', 'refresh_token ', 'authorization_code', 'password', ''),
  fieldValue,
);

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'grant_type ',
    'refreshToken',
    'access_token',
    'client_secret',
    LIVE_SLOT,
  ),
  fc.string({ maxLength: 12 }),
);

/** A body object: each of the two fields present or missing, right or wrong, plus extras. */
const bodyObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.option(grantType, { nil: undefined, freq: 5 }),
    fc.option(fieldValue, { nil: undefined, freq: 5 }),
    fc.dictionary(extraKey, fieldValue, { maxKeys: 4 }),
  )
  .map(([grant, refresh, extra]) => ({
    ...extra,
    ...(grant === undefined ? {} : { grant_type: grant }),
    ...(refresh === undefined ? {} : { refresh_token: refresh }),
  }));

/** JSON text that is valid JSON. */
const jsonText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: bodyObject.map((o) => JSON.stringify(o)) },
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  token.map((t) => JSON.stringify(t)),
  token.map((t) => JSON.stringify([{ grant_type: 'refresh_token', refresh_token: t }])),
  deepJson,
  // The token field itself deeply nested.
  fc
    .integer({ min: 1, max: 3000 })
    .map((d) => `{"grant_type":"refresh_token","refresh_token":${nested(d, '"x"', 'array')}}`),
  // Duplicate keys: the last one wins in JSON.parse.
  token.map((t) => `{"grant_type":"refresh_token","refresh_token":"nope","refresh_token":"${t}"}`),
);

/** Bytes that are not valid UTF-8: lone continuation bytes, overlong forms, surrogates. */
const invalidUtf8 = fc.constantFrom(
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc3],
);

const withInvalidUtf8: fc.Arbitrary<Buffer> = fc
  .tuple(invalidUtf8, token, fc.constantFrom('inside', 'before', 'key'))
  .map(([bad, t, where]) => {
    const raw = Buffer.from(bad);
    const text = (s: string) => Buffer.from(s, 'utf8');
    switch (where) {
      case 'inside':
        return Buffer.concat([
          text(`{"grant_type":"refresh_token","refresh_token":"${t}`),
          raw,
          text('"}'),
        ]);
      case 'before':
        return Buffer.concat([raw, text(`{"grant_type":"refresh_token","refresh_token":"${t}"}`)]);
      default:
        return Buffer.concat([
          text('{"'),
          raw,
          text(`":1,"grant_type":"refresh_token","refresh_token":"${t}"}`),
        ]);
    }
  });

/** Not JSON at all, or almost JSON. */
const notJson: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
  jsonText.chain((text) =>
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => Buffer.from(text.slice(0, cut))),
  ),
  jsonText.map((text) => Buffer.from(`${text},`)),
  token.map((t) => Buffer.from(`grant_type=refresh_token&refresh_token=${t}`)),
  token.map((t) => Buffer.from(`\ufeff{"grant_type":"refresh_token","refresh_token":"${t}"}`)),
  token.map((t) => Buffer.from(`{grant_type:'refresh_token',refresh_token:'${t}'}`)),
  token.map((t) => Buffer.from(`<html><body>${t}</body></html>`)),
  fc
    .constantFrom('NaN', 'undefined', '{"a":NaN}', '[1,]', '{"a":1}}', '\u0000')
    .map((s) => Buffer.from(s)),
  // Above the body limit.
  fc.integer({ min: 8 * 1024 + 1, max: 64 * 1024 }).map((n) => Buffer.alloc(n, 0x20)),
);

export const hostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: jsonText.map((text) => Buffer.from(text, 'utf8')) },
  { weight: 2, arbitrary: withInvalidUtf8 },
  { weight: 2, arbitrary: notJson },
);

/** Printable ASCII: what node:http lets through in a header value. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 40,
});

const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 2, arbitrary: fc.constant('application/json; charset=utf-8') },
  fc.constant(undefined),
  fc.constantFrom(
    '',
    'APPLICATION/JSON',
    'application/json; charset=latin1',
    'application/json; charset="utf-16"',
    'application/json;charset=UTF-8;foo=bar',
    'application/json, text/plain',
    'application/vnd.api+json',
    'application/problem+json',
    'text/plain',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/octet-stream',
    ';;;',
    'json',
  ),
  headerText,
);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('POST') },
  fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'post', 'PROPFIND'),
);

const path = fc.oneof(
  { weight: 8, arbitrary: fc.constant(TOKEN_REFRESH_PATH) },
  token.map((t) => `${TOKEN_REFRESH_PATH}?refresh_token=${t}`),
  fc.constantFrom(
    `${TOKEN_REFRESH_PATH}/`,
    TOKEN_REFRESH_PATH.toUpperCase(),
    `/${TOKEN_REFRESH_PATH}`,
    `${TOKEN_REFRESH_PATH}%00`,
    `${TOKEN_REFRESH_PATH}/../refresh`,
    `${TOKEN_REFRESH_PATH}?a=%zz`,
    '/%zz',
    '/',
    '/_pact/provider-states',
    '/v0/oauth2/token',
  ),
  token.map((t) => `/${t}`),
  fc.integer({ min: 2000, max: 20_000 }).map((n) => `${TOKEN_REFRESH_PATH}?q=${'a'.repeat(n)}`),
);

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  token.map((t) => ({ authorization: `Bearer ${t}` })),
  token.map((t) => ({ 'x-provider-states-secret': t })),
  token.map((t) => ({ cookie: `refresh_token=${t}` })),
  fc.constant({ accept: 'text/html' }),
  fc.constant({ 'content-encoding': 'gzip' }),
  fc.constant({ 'x-huge': 'h'.repeat(20_000) }),
);

export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({ method, path, contentType, extra: extraHeaders, body: hostileBody })
  .map(({ method: m, path: p, contentType: type, extra, body }) => ({
    method: m,
    path: p,
    headers: { ...extra, ...(type === undefined ? {} : { 'content-type': type }) },
    body,
  }));

const crlf = (lines: readonly string[]) => `${lines.join('\r\n')}\r\n\r\n`;

const validJson = token.map((t) => `{"grant_type":"refresh_token","refresh_token":"${t}"}`);

/**
 * Requests HTTP framing forbids, as bytes. Every one carries a Host header and
 * no `Expect` and is no CONNECT: those three are answered outside Fastify
 * (see known-gaps.test.ts).
 */
export const hostileFraming: fc.Arbitrary<Buffer> = fc
  .oneof(
    // Content-Length larger than the body, then the client half-closes.
    fc
      .tuple(validJson, fc.integer({ min: 1, max: 500 }))
      .map(([body, more]) =>
        crlf([
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          `Content-Length: ${body.length + more}`,
        ]).concat(body),
      ),
    // Smaller: the rest is read as the next request.
    fc
      .tuple(validJson, fc.nat({ max: 40 }))
      .map(([body, less]) =>
        crlf([
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          `Content-Length: ${Math.max(0, body.length - 1 - less)}`,
        ]).concat(body),
      ),
    fc
      .tuple(validJson, fc.constantFrom('abc', '-1', '1e3', '0x10', '99999999999999999999', '5, 6'))
      .map(([body, length]) =>
        crlf([
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          `Content-Length: ${length}`,
        ]).concat(body),
      ),
    // Both Content-Length and Transfer-Encoding (request smuggling).
    validJson.map((body) =>
      crlf([
        `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
        'Host: localhost',
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        'Transfer-Encoding: chunked',
      ]).concat(`${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`),
    ),
    // Chunk sizes that lie, or never end.
    fc
      .tuple(validJson, fc.constantFrom('zz', '-1', 'fffffffffffffffff', '', '1;'))
      .map(([body, size]) =>
        crlf([
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ]).concat(`${size}\r\n${body}\r\n0\r\n\r\n`),
      ),
    fc
      .tuple(validJson, fc.nat({ max: 30 }))
      .map(([body, cut]) =>
        crlf([
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ]).concat(`${body.length.toString(16)}\r\n${body.slice(0, cut)}`),
      ),
    // Broken request lines and headers.
    fc
      .tuple(
        fc.constantFrom(
          `POST ${TOKEN_REFRESH_PATH}`,
          `POST ${TOKEN_REFRESH_PATH} HTTP/9.9`,
          `POST  ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1 extra`,
          `FOO ${TOKEN_REFRESH_PATH} HTTP/1.1`,
          `POST /v0/oauth2/token/refresh?${SPENT_SLOT} ${LIVE_SLOT} HTTP/1.1`,
          `POST http://elsewhere${TOKEN_REFRESH_PATH} HTTP/1.1`,
          `\u0000POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
        ),
        fc.constantFrom(
          'Host: localhost',
          `Host: localhost\r\nX-Bad Header: ${LIVE_SLOT}`,
          `Host: localhost\r\nX-Folded: a\r\n folded ${LIVE_SLOT}`,
          `Host: localhost\r\nNoColon${LIVE_SLOT}`,
          `Host: localhost\r\nX-Nul: a\u0000b`,
          'Host: localhost\r\nHost: other',
          'Host: a b',
        ),
        validJson,
      )
      .map(([line, headers, body]) =>
        crlf([
          line,
          headers,
          'Content-Type: application/json',
          `Content-Length: ${body.length}`,
        ]).concat(body),
      ),
    // Bare LF line endings; headers that never end.
    validJson.map((body) =>
      [
        `POST ${TOKEN_REFRESH_PATH} HTTP/1.1`,
        'Host: localhost',
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        '',
        body,
      ].join('\n'),
    ),
    fc.constant(`POST ${TOKEN_REFRESH_PATH} HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl`),
    // Random bytes after a plausible start.
    fc
      .uint8Array({ minLength: 1, maxLength: 300 })
      .map(
        (a) =>
          `POST ${TOKEN_REFRESH_PATH} HTTP/1.1\r\nHost: localhost\r\n${Buffer.from(a).toString('latin1')}`,
      ),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
  )
  .map((text) => Buffer.from(text, 'latin1'));
