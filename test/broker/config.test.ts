import { strict as assert } from 'node:assert';
import * as E from 'fp-ts/lib/Either.js';
import { brokerConfigFromEnv, secretsOf } from '../../src/broker/config.js';
import { MASK, maskSecrets, redactUrl } from '../../src/broker/mask.js';

describe('broker configuration from the environment', () => {
  const url = 'https://broker.example.test';

  it('names PACT_BROKER_BASE_URL when it is missing', () => {
    const config = brokerConfigFromEnv({});
    assert.ok(E.isLeft(config));
    assert.equal(config.left._tag, 'MissingConfig');
    assert.match(config.left.message, /^PACT_BROKER_BASE_URL is not set/);
  });

  it('refuses a base URL that is not http(s)', () => {
    const config = brokerConfigFromEnv({ PACT_BROKER_BASE_URL: 'ftp://broker' });
    assert.ok(E.isLeft(config));
    assert.match(config.left.message, /^PACT_BROKER_BASE_URL is invalid/);
  });

  it('names PACT_BROKER_PASSWORD when only the username is set', () => {
    const config = brokerConfigFromEnv({ PACT_BROKER_BASE_URL: url, PACT_BROKER_USERNAME: 'ci' });
    assert.ok(E.isLeft(config));
    assert.match(config.left.message, /^PACT_BROKER_PASSWORD is not set/);
  });

  it('names PACT_BROKER_USERNAME when only the password is set', () => {
    const config = brokerConfigFromEnv({
      PACT_BROKER_BASE_URL: url,
      PACT_BROKER_PASSWORD: 's3cret',
    });
    assert.ok(E.isLeft(config));
    assert.match(config.left.message, /^PACT_BROKER_USERNAME is not set/);
    assert.ok(!config.left.message.includes('s3cret'));
  });

  it('takes credentials out of the URL as basic auth, so no tool is handed them in a URL', () => {
    const config = brokerConfigFromEnv({
      PACT_BROKER_BASE_URL: 'https://ci:p%40ss@broker.example.test/',
    });
    assert.deepEqual(
      config,
      E.right({ baseUrl: url, auth: { _tag: 'basic', username: 'ci', password: 'p@ss' } }),
    );
  });

  it('refuses credentials in the URL that contradict the variables, without printing them', () => {
    const config = brokerConfigFromEnv({
      PACT_BROKER_BASE_URL: 'https://ci:url-secret@broker.example.test',
      PACT_BROKER_TOKEN: 'token-secret',
    });
    assert.ok(E.isLeft(config));
    assert.match(
      config.left.message,
      /^PACT_BROKER_BASE_URL is invalid: its credentials differ from PACT_BROKER_TOKEN/,
    );
    assert.ok(!/url-secret|token-secret/.test(config.left.message));
  });

  it('refuses a token together with basic auth', () => {
    const config = brokerConfigFromEnv({
      PACT_BROKER_BASE_URL: url,
      PACT_BROKER_TOKEN: 'tok',
      PACT_BROKER_USERNAME: 'ci',
      PACT_BROKER_PASSWORD: 'pw',
    });
    assert.ok(E.isLeft(config));
    assert.match(config.left.message, /not both/);
  });

  it('reads token auth, basic auth, or none, and trims a trailing slash', () => {
    assert.deepEqual(
      brokerConfigFromEnv({ PACT_BROKER_BASE_URL: `${url}/`, PACT_BROKER_TOKEN: 'tok' }),
      E.right({ baseUrl: url, auth: { _tag: 'token', token: 'tok' } }),
    );
    assert.deepEqual(
      brokerConfigFromEnv({
        PACT_BROKER_BASE_URL: url,
        PACT_BROKER_USERNAME: 'ci',
        PACT_BROKER_PASSWORD: 'pw',
      }),
      E.right({ baseUrl: url, auth: { _tag: 'basic', username: 'ci', password: 'pw' } }),
    );
    assert.deepEqual(
      brokerConfigFromEnv({ PACT_BROKER_BASE_URL: url }),
      E.right({ baseUrl: url, auth: { _tag: 'none' } }),
    );
  });

  it('treats the token and the password as secrets', () => {
    assert.deepEqual(secretsOf({ baseUrl: url, auth: { _tag: 'token', token: 'tok' } }), ['tok']);
    assert.deepEqual(
      secretsOf({ baseUrl: url, auth: { _tag: 'basic', username: 'ci', password: 'pw' } }),
      ['pw'],
    );
  });
});

describe('masking secrets', () => {
  it('replaces every occurrence, longest secret first', () => {
    assert.equal(maskSecrets(['abc', 'abcdef'])('x abcdef y abc'), `x ${MASK} y ${MASK}`);
  });

  it('ignores empty secrets', () => {
    assert.equal(maskSecrets([''])('unchanged'), 'unchanged');
  });

  it('hides the password of a URL', () => {
    assert.equal(redactUrl('https://ci:pw@broker.test/'), `https://ci:${MASK}@broker.test/`);
    assert.equal(redactUrl('https://broker.test'), 'https://broker.test');
  });
});
