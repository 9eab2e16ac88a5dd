/**
 * `npm run spec:check` on published specs derived from our copy (contracts/openapi/), each with
 * one named edit: the breaking ones are caught for the pact or the client, the compatible ones
 * pass with how to adopt them. The checks run for real: PactFlow's comparator, the demands, the
 * real client fed drawn answers, the reference provider's answers.
 */
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { PUBLISHED_OPENAPI_FILE, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { specCheck, type SpecCheckResult } from '../../src/spec-check/spec-check.js';

/** A JSON object as the edits see it. */
type Doc = Record<string, unknown>;

/** The object at `keys` under `value` (the edits know the document's shape). */
const node = (value: unknown, ...keys: readonly string[]): Doc =>
  keys.reduce((at, key) => at[key] as Doc, value as Doc);
const list = (value: unknown): unknown[] => value as unknown[];

const COPY = resolve(PUBLISHED_OPENAPI_FILE);
/** A new operation, on a path this consumer does not call. */
const REVOKE = { post: { responses: { '200': { description: 'OK' } } } };
const DRAWS = 6;

const operation = (d: Doc): Doc => node(d, 'paths', TOKEN_REFRESH_PATH, 'post');
const tokenSchema = (d: Doc): Doc =>
  node(operation(d), 'responses', '200', 'content', 'application/json', 'schema');
const requestSchema = (d: Doc): Doc =>
  node(operation(d), 'requestBody', 'content', 'application/json', 'schema');

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spec-check-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const ours = async (): Promise<Doc> => JSON.parse(await readFile(COPY, 'utf8')) as Doc;

let written = 0;
/** Our copy with `edit` made, written as the published spec (JSON, or YAML). */
const publishedWith = async (edit: (d: Doc) => void, format: 'json' | 'yaml' = 'json') => {
  const document = await ours();
  edit(document);
  const file = join(dir, `published-${++written}.${format}`);
  await writeFile(file, format === 'json' ? JSON.stringify(document) : toYaml(document));
  return file;
};

const check = (spec: string, options: { adopt?: boolean; copyFile?: string } = {}) =>
  specCheck({
    spec,
    adopt: options.adopt ?? false,
    timeoutMs: 5000,
    draws: DRAWS,
    copyFile: options.copyFile ?? COPY,
    cwd: process.cwd(),
  });

const text = (result: SpecCheckResult) => [...result.lines, result.error ?? ''].join('\n');

/** The line of the change at `where` (`200 body scope`), with its class, and the lines under it. */
const changeAt = (result: SpecCheckResult, where: string) => {
  const at = result.lines.findIndex((l) => l.includes(` ${where}: `));
  assert.ok(at >= 0, `no change at ${where} in:\n${text(result)}`);
  const under = result.lines.slice(at + 1);
  const end = under.findIndex((l) => !l.startsWith('                  '));
  return {
    line: result.lines[at] ?? '',
    findings: under.slice(0, end < 0 ? under.length : end).map((l) => l.trim()),
  };
};

const assertBreaking = (result: SpecCheckResult, where: string, what: RegExp, sides: string[]) => {
  assert.equal(result.exitCode, 1, text(result));
  const change = changeAt(result, where);
  assert.match(change.line, /^ {2}breaking /);
  assert.match(change.line, what);
  for (const side of sides) {
    assert.ok(
      change.findings.some((f) => f.startsWith(`${side}: `)),
      `no ${side} finding under ${where}:\n${text(result)}`,
    );
  }
  assert.match(result.lines.at(-1) ?? '', /breaking change.* \(exit 1\)/);
};

const assertCompatible = (result: SpecCheckResult, where: string, what: RegExp) => {
  assert.equal(result.exitCode, 0, text(result));
  const change = changeAt(result, where);
  assert.match(change.line, /^ {2}(compatible|documentation) /);
  assert.match(change.line, what);
  assert.ok(!result.lines.some((l) => /^ {2}breaking /.test(l)), text(result));
  assert.ok(
    result.lines.some((l) => l.includes('--adopt')),
    `no adoption instructions:\n${text(result)}`,
  );
};

describe('spec:check: breaking changes to the published spec are caught', function () {
  this.timeout(60_000);

  it('refresh_token no longer required in the 200: the pact demands it', async () => {
    const spec = await publishedWith((d) => {
      const schema = tokenSchema(d);
      schema['required'] = list(schema['required']).filter((f) => f !== 'refresh_token');
    });
    const result = await check(spec);
    assertBreaking(result, '200 body refresh_token', /no longer required/, ['pact', 'client']);
    assert.match(
      changeAt(result, '200 body refresh_token').findings.join('\n'),
      /TokenResponseBody refresh_token \(required\)/,
    );
  });

  it('a status the client relies on removed: 403', async () => {
    const spec = await publishedWith((d) => {
      delete node(operation(d), 'responses')['403'];
    });
    const result = await check(spec);
    assertBreaking(result, '403', /status removed/, ['pact']);
    const findings = changeAt(result, '403').findings.join('\n');
    assert.match(findings, /response\.status\.unknown/);
    assert.match(findings, /\[suspended-client\] .* no response for status 403/);
  });

  it("a field's type changed: scope becomes an array, for the pact and the client", async () => {
    const spec = await publishedWith((d) => {
      node(tokenSchema(d), 'properties')['scope'] = { type: 'array', items: { type: 'string' } };
    });
    assertBreaking(await check(spec), '200 body scope', /type "string" -> "array"/, [
      'pact',
      'client',
    ]);
  });

  it('token_type may be "DPoP" too: the client refuses it', async () => {
    const spec = await publishedWith((d) => {
      list(node(tokenSchema(d), 'properties', 'token_type')['enum']).push('DPoP');
    });
    const result = await check(spec);
    assertBreaking(result, '200 body token_type', /enum also allows "DPoP"/, ['pact', 'client']);
    assert.match(
      changeAt(result, '200 body token_type').findings.join('\n'),
      /client: .*got "DPoP"/,
    );
  });

  it('a new required request field: the pact does not send it', async () => {
    const spec = await publishedWith((d) => {
      node(requestSchema(d), 'properties')['client_id'] = { type: 'string' };
      list(requestSchema(d)['required']).push('client_id');
    });
    const result = await check(spec);
    assertBreaking(result, 'request body client_id', /new required field \(string\)/, ['pact']);
    assert.match(
      changeAt(result, 'request body client_id').findings.join('\n'),
      /request\.body\.incompatible/,
    );
  });

  it('the operation no longer published (moved to /v1)', async () => {
    const spec = await publishedWith((d) => {
      d['paths'] = { '/v1/oauth2/token/refresh': node(d, 'paths', TOKEN_REFRESH_PATH) };
    });
    const result = await check(spec);
    assertBreaking(result, `POST ${TOKEN_REFRESH_PATH}`, /no longer published/, ['pact']);
    assert.match(text(result), /new operation POST \/v1\/oauth2\/token\/refresh/);
  });

  it('an Authorization now required (the document-wide security applies)', async () => {
    const spec = await publishedWith((d) => {
      delete operation(d)['security'];
      d['security'] = [{ bearer: [] }];
      node(d, 'components')['securitySchemes'] = { bearer: { type: 'http', scheme: 'bearer' } };
    });
    const result = await check(spec);
    assertBreaking(result, 'the operation', /security \[\] -> \[\{"bearer":\[\]\}\]/, ['pact']);
    assert.match(text(result), /request\.authorization\.missing/);
  });

  it('errors moved to application/problem+json: the client loses them (found together)', async () => {
    const spec = await publishedWith((d) => {
      const response = node(d, 'components', 'responses', 'Authentication-Error');
      response['content'] = {
        'application/problem+json': node(response, 'content', 'application/json'),
      };
    });
    const result = await check(spec);
    assert.equal(result.exitCode, 1, text(result));
    assert.match(
      text(result),
      /found with the changes together[\s\S]*client: a 401 whose errors were not passed on/,
    );
  });
});

describe('spec:check: compatible changes pass, with how to adopt them', function () {
  this.timeout(60_000);

  it('nothing changed: nothing to adopt', async () => {
    const result = await check(await publishedWith(() => undefined));
    assert.equal(result.exitCode, 0, text(result));
    assert.match(result.lines.at(-1) ?? '', /no change: .* is the published spec as it is today/);
  });

  it('a new optional field in the 200 (expires_in)', async () => {
    const spec = await publishedWith((d) => {
      node(tokenSchema(d), 'properties')['expires_in'] = { type: 'integer' };
    });
    const result = await check(spec);
    assertCompatible(result, '200 body expires_in', /new optional field \(integer\)/);
    assert.ok(
      result.lines.includes(`  npm run spec:check -- --spec ${spec} --adopt`),
      text(result),
    );
  });

  it('a new status (404), read by the client as the error it is', async () => {
    const spec = await publishedWith((d) => {
      node(operation(d), 'responses')['404'] = { $ref: '#/components/responses/Bad-Request' };
    });
    assertCompatible(await check(spec), '404', /new status/);
  });

  it('a new operation this consumer does not call', async () => {
    const spec = await publishedWith((d) => {
      node(d, 'paths')['/v0/oauth2/token/revoke'] = REVOKE;
    });
    const result = await check(spec);
    assert.equal(result.exitCode, 0, text(result));
    assert.ok(
      result.lines.includes(
        '  compatible    new operation POST /v0/oauth2/token/revoke (not called by this consumer)',
      ),
      text(result),
    );
  });

  it('a demand we declared is now promised (errors required): its declaration can go', async () => {
    const spec = await publishedWith((d) => {
      node(d, 'components', 'schemas', 'Error')['required'] = ['errors'];
    });
    const result = await check(spec);
    assertCompatible(result, '400, 401, 403, 429, 500 body errors', /now required/);
    assert.ok(
      result.lines.some((l) =>
        /then: .*declared demand ErrorBody errors \(required\): remove its declaration/.test(l),
      ),
      text(result),
    );
  });

  it('a new required field the client ignores: the reference provider must follow', async () => {
    const spec = await publishedWith((d) => {
      node(tokenSchema(d), 'properties')['expires_in'] = { type: 'integer' };
      list(tokenSchema(d)['required']).push('expires_in');
    });
    const result = await check(spec);
    assertCompatible(result, '200 body expires_in', /new required field \(integer\)/);
    assert.match(
      text(result),
      /then: the reference provider's answer to \[refresh-succeeds\] .*required property 'expires_in'/,
    );
  });

  it('words only: a description changed is documentation', async () => {
    const spec = await publishedWith((d) => {
      node(operation(d), 'responses', '200')['description'] = 'A new token set';
    });
    assertCompatible(await check(spec), '200', /description "OK" -> "A new token set"/);
  });

  it('reads a YAML spec as it reads JSON', async () => {
    const spec = await publishedWith((d) => {
      node(tokenSchema(d), 'properties')['expires_in'] = { type: 'integer' };
    }, 'yaml');
    assertCompatible(await check(spec), '200 body expires_in', /new optional field/);
  });
});

describe('spec:check: an operation it cannot read', function () {
  this.timeout(60_000);

  it("a $ref cycle in the operation's schemas is one line and exit 2", async () => {
    const spec = await publishedWith((d) => {
      node(d, 'components', 'schemas', 'Error', 'properties')['cause'] = {
        $ref: '#/components/schemas/Error',
      };
    });
    const result = await check(spec);
    assert.equal(result.exitCode, 2, text(result));
    assert.deepEqual(result.lines, []);
    assert.match(
      result.error ?? '',
      /^spec:check: cannot read the published operation: #\/components\/schemas\/Error: a \$ref cycle$/,
    );
  });
});

describe('spec:check --adopt', function () {
  this.timeout(60_000);

  it('writes a compatible spec into the copy; checked again, nothing is left to adopt', async () => {
    const copy = join(dir, 'adopted-copy.json');
    await copyFile(COPY, copy);
    const spec = await publishedWith((d) => {
      node(tokenSchema(d), 'properties')['expires_in'] = { type: 'integer' };
      node(d, 'paths')['/v0/oauth2/token/revoke'] = REVOKE;
    });
    const adopted = await check(spec, { adopt: true, copyFile: copy });
    assert.equal(adopted.exitCode, 0, text(adopted));
    assert.match(text(adopted), /adopted: the published spec's 2 change\(s\) written into/);
    const written = JSON.parse(await readFile(copy, 'utf8')) as Doc;
    assert.deepEqual(node(tokenSchema(written), 'properties')['expires_in'], { type: 'integer' });
    assert.ok(list(written['x-other-operations']).includes('POST /v0/oauth2/token/revoke'));
    assert.equal(node(written, 'paths')['/v0/oauth2/token/revoke'], undefined);
    const again = await check(spec, { copyFile: copy });
    assert.match(again.lines.at(-1) ?? '', /no change/, text(again));
  });

  it('leaves the copy as it is when the spec breaks this consumer', async () => {
    const copy = join(dir, 'kept-copy.json');
    await copyFile(COPY, copy);
    const spec = await publishedWith((d) => {
      delete node(operation(d), 'responses')['401'];
    });
    const result = await check(spec, { adopt: true, copyFile: copy });
    assert.equal(result.exitCode, 1, text(result));
    assert.match(text(result), /not adopted/);
    assert.equal(await readFile(copy, 'utf8'), await readFile(COPY, 'utf8'));
  });
});
