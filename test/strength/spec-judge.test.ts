import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import type { WireAnswer } from 'pact-io-ts/strength';
import { PUBLISHED_OPENAPI_FILE } from '../../contracts/index.js';
import { readOperation } from '../../src/four-sides/index.js';
import { parseMediaType } from '../../src/strength/media-type.js';
import { specProblems } from '../../src/strength/spec-judge.js';

const read = readOperation(JSON.parse(readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8')));
if (E.isLeft(read)) throw new Error(read.left.message);
const operation = read.right;

const TOKENS = JSON.stringify({
  access_token: 'a',
  refresh_token: 'r',
  scope: '',
  token_type: 'Bearer',
});

const answer = (
  contentType: string | undefined,
  body: string | undefined = TOKENS,
  status = 200,
): WireAnswer => ({
  status,
  headers: Object.fromEntries(contentType === undefined ? [] : [['Content-Type', contentType]]),
  body,
});

describe('a Content-Type read as RFC 9110 reads it', () => {
  it('gives the media type in lower case and each parameter, a quoted value unquoted', () => {
    assert.deepEqual(parseMediaType(' Application/JSON ;charset="UTF-8";; q=1 '), {
      _tag: 'Right',
      right: {
        essence: 'application/json',
        parameters: [
          ['charset', 'UTF-8'],
          ['q', '1'],
        ],
      },
    });
  });

  for (const refused of [
    'application',
    'application/json charset=utf-8',
    'application/json; a = b',
    '/json',
    'application/json; x="open',
  ])
    it(`refuses ${JSON.stringify(refused)}`, () => assert.ok(E.isLeft(parseMediaType(refused))));
});

describe('the published spec and HTTP as a judge', () => {
  it('allows a token set as application/json in every form, with parameters that change nothing', () => {
    for (const form of [
      'application/json',
      'APPLICATION/Json',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/json ; version=2',
      'application/json;',
    ])
      assert.deepEqual(specProblems(operation, answer(form)), [], form);
  });

  it('allows JSON written any way: pretty, trailing whitespace, unicode escapes', () => {
    const pretty = JSON.stringify(JSON.parse(TOKENS), null, 2);
    for (const body of [pretty, `${TOKENS}\n \t`, TOKENS.replace('Bearer', '\\u0042earer')])
      assert.deepEqual(specProblems(operation, answer('application/json', body)), [], body);
  });

  it('refuses another media type, a charset JSON cannot be, no Content-Type, a broken one', () => {
    for (const form of [
      'text/plain',
      'application/json; charset=iso-8859-1',
      undefined,
      'application/json; =',
    ])
      assert.equal(specProblems(operation, answer(form)).length, 1, String(form));
  });

  it('refuses a body its status does not allow, and a status not documented', () => {
    assert.equal(
      specProblems(operation, answer('application/json', '{"access_token": 42}')).length,
      1,
    );
    assert.equal(
      specProblems(operation, answer('application/json', TOKENS.slice(0, 20))).length,
      1,
    );
    const noBody = { ...answer('application/json'), body: undefined };
    assert.equal(specProblems(operation, noBody).length, 1);
    assert.match(specProblems(operation, answer('application/json', TOKENS, 201)).join(), /201/);
  });

  it('allows an error body without errors: the published Error requires none', () => {
    assert.deepEqual(specProblems(operation, answer('application/json', '{}', 401)), []);
  });
});
