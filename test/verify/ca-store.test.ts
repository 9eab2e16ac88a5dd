/**
 * The verifier loads the machine's CA certificates only when some URL it may
 * reach is https: a plain-http verification never reads them, and an https
 * deployment (the reference provider over TLS, with a throwaway CA made here
 * with the openssl CLI) still verifies, trusting what SSL_CERT_FILE names.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTERACTIONS } from '../../contracts/index.js';
import {
  PROVIDER_STATES_PATH,
  startProvider,
  type RunningProvider,
} from '../../src/provider/index.js';
import { caStoreNeed, PROXY_VARIABLES } from '../../src/verify/pact-verifier.js';
import { runScript, WITHOUT_TARGETS } from '../support/sockets.js';

const SECRET = 'ca-store-test-secret-0123456789';
const ALL_PASSED = new RegExp(`: ${INTERACTIONS.length} passed, 0 failed`);

/** `npm run verify` (as its script runs it): no broker, no proxy, no inherited certificate settings. */
const runVerify = async (extra: NodeJS.ProcessEnv) => {
  const unset = ['PACT_URL', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS'];
  const env = Object.fromEntries([...unset, ...PROXY_VARIABLES].map((name) => [name, undefined]));
  const run = await runScript('src/verify/main.ts', [], { ...env, ...WITHOUT_TARGETS, ...extra });
  return { code: run.code, output: run.stdout + run.stderr };
};

/**
 * A CA made for this test only (ca.pem) and a certificate it signed for
 * 127.0.0.1 (server.key, server.pem), with the openssl CLI.
 */
const makeThrowawayCa = (dir: string) => {
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const newKey = (name: string) => [
    ...['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', file(`${name}.key`)],
  ];
  const ca = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign'];
  openssl(
    'req',
    '-x509',
    ...newKey('ca'),
    '-out',
    file('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=throwaway test CA',
    ...ca.flatMap((extension) => ['-addext', extension]),
  );
  openssl('req', ...newKey('server'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-days',
    '1',
    '-extfile',
    file('server.ext'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
  );
};

describe('CA certificates for the verifier', function () {
  this.timeout(90_000);

  describe('are needed when', () => {
    const http = 'http://127.0.0.1:8080';

    it('every URL is plain http: no', () => {
      const need = caStoreNeed(
        [
          http,
          'http://127.0.0.1:8080/_pact/provider-states',
          'http://broker:9292',
          '/work/pacts/a.json',
          'http://broker:9292/pacts/a',
        ],
        { HTTP_PROXY: 'http://proxy:3128' },
      );
      assert.deepEqual(need, { _tag: 'NoStore' });
    });

    for (const [where, urls, env] of [
      ['the provider is https', ['https://api.example.com'], {}],
      ['the state-change URL is https', [http, 'HTTPS://api.example.com/states'], {}],
      ['the broker is https', [http, 'https://broker.example.com'], {}],
      ['a pact URL is https', [http, 'https://broker.example.com/pacts/a'], {}],
      ['a proxy is https', [http], { HTTPS_PROXY: 'https://proxy.example.com' }],
    ] as const) {
      it(`${where}: yes`, () => {
        assert.equal(caStoreNeed(urls, env)._tag, 'SystemStore');
      });
    }
  });

  describe('against the reference provider served over https', () => {
    let dir: string;
    let provider: RunningProvider;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ca-store-'));
      const file = (name: string) => join(dir, name);
      makeThrowawayCa(dir);
      writeFileSync(file('empty.pem'), '');
      provider = await startProvider({
        providerStatesSecret: SECRET,
        tls: { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) },
      });
    });

    after(async () => {
      await provider.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /**
     * Node makes the TLS connections to the provider and its state-change URL
     * (src/verify/exchange.ts) with its CA store, which NODE_EXTRA_CA_CERTS extends; the Rust
     * verifier only talks plain http to the run's relay, so it needs no store here.
     */
    const deploymentEnv = (extraCa: NodeJS.ProcessEnv) => ({
      PROVIDER_BASE_URL: provider.url,
      PROVIDER_STATE_CHANGE_URL: `${provider.url}${PROVIDER_STATES_PATH}`,
      PROVIDER_STATES_SECRET: SECRET,
      SSL_CERT_FILE: join(dir, 'empty.pem'),
      ...extraCa,
    });

    it('verifies, trusting the CA that NODE_EXTRA_CA_CERTS names', async () => {
      assert.match(provider.url, /^https:\/\//);
      const run = await runVerify(deploymentEnv({ NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') }));
      assert.equal(run.code, 0, run.output);
      assert.match(run.output, new RegExp(`against ${provider.url}${ALL_PASSED.source}`));
    });

    it('fails in one line when nothing trusts that CA (the certificates are really checked)', async () => {
      const run = await runVerify(deploymentEnv({}));
      assert.equal(run.code, 1, run.output);
      assert.match(
        run.output,
        /PROVIDER_BASE_URL \(https:\/\/127\.0\.0\.1:\d+\) is unavailable: TLS/,
      );
      assert.doesNotMatch(run.output, ALL_PASSED);
    });
  });

  describe('over plain http', () => {
    let dir: string;

    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'ca-store-'));
      // Opening a FIFO nobody writes to blocks: a verifier reading this "store" would hang.
      execFileSync('mkfifo', [join(dir, 'store.pem')]);
    });

    after(() => rmSync(dir, { recursive: true, force: true }));

    it('verifies the embedded provider without reading the CA store', async () => {
      // A verifier reading it would never end: the test then fails on its timeout.
      const run = await runVerify({ SSL_CERT_FILE: join(dir, 'store.pem') });
      assert.equal(run.code, 0, run.output);
      assert.match(run.output, /against http:\/\//);
      assert.match(run.output, ALL_PASSED);
    });
  });
});
