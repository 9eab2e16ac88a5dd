/**
 * Side 2, pact ↔ published OpenAPI, in the direction the comparator does not
 * look: what the contract demands beyond the provider's published schemas.
 * Every such demand must be declared next to its codec with the client's
 * reason; an undeclared one fails here, naming its path.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  DECLARED_DEMANDS,
  decode,
  ErrorBody,
  errorBodyOf,
  INTERACTION,
  INTERACTIONS,
  JsonContentType,
  pattern,
  PUBLISHED_OPENAPI_FILE,
  RefreshTokenRequestBody,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  TokenResponseBody,
  type DeclaredDemand,
} from '../../contracts/index.js';
import { toJsonSchema } from 'pact-io-ts';
import { auditProblems, demandsBeyondPublished, type ResponseContract } from 'pact-io-ts/openapi';
import { arbitraryOf, brokenArbitraryOf } from 'pact-io-ts/arbitrary';
import { demandCheck } from '../../src/four-sides/index.js';

const PUBLISHED: unknown = JSON.parse(readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8'));
const OPERATION = { method: TOKEN_REFRESH_METHOD, path: TOKEN_REFRESH_PATH };

const right = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) return assert.fail(result.left.message);
  return result.right;
};

/** What `npm test` and `npm run spec:check` report: undocumented statuses, then the audit. */
const problemsOf = (
  contracts: readonly ResponseContract[],
  declared: readonly DeclaredDemand[] = DECLARED_DEMANDS,
) => {
  const { undocumented, audit } = demandCheck(PUBLISHED, contracts, declared);
  return [...undocumented, ...auditProblems(audit)];
};

/** The catalogue with one response body replaced: a planted demand. */
const withBody = (key: keyof typeof INTERACTION, body: t.Mixed): readonly ResponseContract[] =>
  INTERACTIONS.map((i) => (i.key === key ? { ...i, response: { ...i.response, body } } : i));

const ERROR_ITEM_WITH = (detail: t.Mixed) =>
  t.type(
    {
      errors: t.array(
        t.intersection([t.type({ code: t.string, detail }), t.partial({ source: t.string })]),
      ),
    },
    'ErrorBody',
  );

describe('the codecs as JSON Schema (draft 2020-12)', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });

  it('states the token response as the decoder reads it', () => {
    const { $schema, ...schema } = right(toJsonSchema(TokenResponseBody));
    assert.equal($schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.deepEqual(schema, {
      title: 'TokenResponseBody',
      type: 'object',
      properties: {
        access_token: { type: 'string', pattern: '^[\\s\\S]+$', description: 'a non-empty string' },
        refresh_token: {
          type: 'string',
          pattern: '^[\\s\\S]+$',
          description: 'a non-empty string',
        },
        scope: { type: 'string' },
        token_type: { type: 'string', const: 'Bearer' },
      },
      required: ['access_token', 'refresh_token', 'scope', 'token_type'],
    });
  });

  it('states optional fields as properties that are not required, and array minimums', () => {
    const schema = right(toJsonSchema(errorBodyOf(401)));
    assert.deepEqual(schema.properties?.['errors'], {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', const: 'AUTHENTICATION_ERROR' },
          detail: { type: 'string' },
          source: { type: 'string' },
        },
        required: ['code', 'detail'],
      },
    });
  });

  const codecs: readonly t.Mixed[] = [
    TokenResponseBody,
    ErrorBody,
    RefreshTokenRequestBody,
    errorBodyOf(429),
  ];
  for (const codec of codecs) {
    it(`${codec.name}: ajv accepts what the codec accepts and refuses what it refuses`, () => {
      const validate = ajv.compile(right(toJsonSchema(codec)));
      fc.assert(
        fc.property(arbitraryOf(codec, { unknownFields: true }), (value) => {
          assert.ok(validate(value), ajv.errorsText(validate.errors));
        }),
      );
      fc.assert(
        fc.property(brokenArbitraryOf(codec), ({ body, path }) => {
          assert.ok(E.isLeft(decode(codec)(body)));
          assert.equal(validate(body), false, `ajv accepted a body broken at ${path}`);
        }),
      );
    });
  }

  it('refuses a codec no schema can state, naming the path', () => {
    const result = toJsonSchema(t.type({ a: t.unknown }));
    assert.ok(E.isLeft(result) && result.left.problems[0]?.path === 'a');
  });
});

describe('demands beyond the published contract', () => {
  it('every demand the catalogue makes is declared with a reason, and every declaration holds', () => {
    const problems = problemsOf(INTERACTIONS);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  it('finds exactly the declared demands: non-empty tokens, `errors` present, the JSON media type', () => {
    const found = right(demandsBeyondPublished(INTERACTIONS, PUBLISHED, OPERATION));
    assert.deepEqual(
      found.map((d) => `${d.codec} ${d.path} ${d.kind}`),
      [
        'TokenResponseBody access_token pattern',
        'TokenResponseBody refresh_token pattern',
        'JsonHeaders Content-Type pattern',
        'ErrorBody errors required',
      ],
    );
    const contentType = found.find((d) => d.path === 'Content-Type');
    assert.deepEqual(contentType?.statuses, [200, 400, 401, 403, 429, 500]);
    assert.ok(contentType?.rule.includes(JsonContentType.pattern.source));
  });

  it('an undeclared regex on a plain-string field fails, naming its path', () => {
    const planted = ERROR_ITEM_WITH(
      pattern('Sentence', /^[A-Z][\s\S]*\.$/, 'A detail.', 'a sentence'),
    );
    const problems = problemsOf(withBody('unknown-refresh-token', planted));
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0] ?? '',
      /undeclared demand .*: ErrorBody errors\[\*\]\.detail \(pattern\)/,
    );
    assert.match(problems[0] ?? '', /\[unknown-refresh-token\]/);
  });

  it('an equality on a value the spec leaves free fails: the documented error code', () => {
    const problems = problemsOf(withBody('suspended-client', errorBodyOf(403)));
    assert.ok(
      problems.some((p) =>
        /ErrorBody403 errors\[\*\]\.code \(value\) must equal "FORBIDDEN_ERROR"/.test(p),
      ),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /ErrorBody403 errors \(minItems\)/.test(p)),
      problems.join('\n'),
    );
  });

  it('a header the published response does not list fails: Retry-After on the 429', () => {
    const limited = INTERACTION['rate-limited'];
    const headers = t.type(
      {
        'Content-Type': JsonContentType,
        'Retry-After': pattern('Seconds', /^[0-9]+$/, '1', 'seconds'),
      },
      'RateLimitedHeaders',
    );
    const problems = problemsOf([{ ...limited, response: { ...limited.response, headers } }]);
    assert.ok(
      problems.some((p) =>
        /RateLimitedHeaders Retry-After \(header\) must be sent; the published 429/.test(p),
      ),
      problems.join('\n'),
    );
  });

  it('a required field the spec leaves optional fails: the error source', () => {
    const required = t.type(
      { errors: t.array(t.type({ code: t.string, detail: t.string, source: t.string })) },
      'ErrorBody',
    );
    const problems = problemsOf(withBody('empty-refresh-token', required));
    assert.deepEqual(
      problems.map((p) => p.slice(0, p.indexOf(' must'))),
      ['undeclared demand beyond the published contract: ErrorBody errors[*].source (required)'],
    );
  });

  it('a declaration the codecs no longer need is reported as stale', () => {
    const stale: DeclaredDemand = {
      codec: 'ErrorBody',
      path: 'errors[*].code',
      kind: 'pattern',
      reason: 'x',
    };
    assert.deepEqual(problemsOf(INTERACTIONS, [...DECLARED_DEMANDS, stale]), [
      'declared demand not found: ErrorBody errors[*].code (pattern); the codec no longer makes it, remove the declaration',
    ]);
  });

  it('the equality the spec states is no demand: token_type Bearer', () => {
    const found = right(demandsBeyondPublished(INTERACTIONS, PUBLISHED, OPERATION));
    assert.ok(!found.some((d) => d.path === 'token_type'));
  });

  it('a status the published operation does not document is an error naming it', () => {
    const ok = INTERACTION['refresh-succeeds'];
    const problems = problemsOf([{ ...ok, response: { ...ok.response, status: 201 } }]);
    assert.equal(
      problems[0],
      `[refresh-succeeds] POST ${TOKEN_REFRESH_PATH} documents no response for status 201`,
    );
  });
});
