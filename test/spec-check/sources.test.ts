/**
 * `npm run spec:check` run as npm runs it, on specs it cannot fetch or read: a real local HTTP
 * server refuses, answers 404, stays silent, stalls its body, answers HTML or broken JSON; a
 * file is missing. Each ends the run with one line on standard error and exit 2. A URL's
 * credentials are sent as Basic authentication and never printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PUBLISHED_OPENAPI_FILE, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { shownUrl } from '../../src/spec-check/source.js';
import {
  refusedUrl,
  runScript,
  serverPool,
  silentServer,
  type Finished,
  type TestServer,
} from '../support/sockets.js';

const SCRIPT = 'src/spec-check/main.ts';
const OURS = readFileSync(PUBLISHED_OPENAPI_FILE, 'utf8');

type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** A real HTTP server answering each path with its route (unknown paths: 404). */
const httpServer = async (routes: Readonly<Record<string, Route>>): Promise<TestServer> => {
  const server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    if (route !== undefined) return route(request, response);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const send =
  (contentType: string, body: string): Route =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.end(body);
  };

const USER = 'watcher';
const PASSWORD = 's3cret-spec-password';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

/** Who asked for the protected spec, as the server saw it. */
const authorizations: string[] = [];

/** Our copy with a 403 removed: a breaking spec. */
const withoutForbidden = (() => {
  const document = JSON.parse(OURS) as {
    paths: Record<string, { post: { responses: Record<string, unknown> } }>;
  };
  delete document.paths[TOKEN_REFRESH_PATH]?.post.responses['403'];
  return JSON.stringify(document);
})();

const ROUTES: Readonly<Record<string, Route>> = {
  '/openapi.json': send('application/json', OURS),
  '/openapi-breaking.json': send('application/json', withoutForbidden),
  '/login.html': send(
    'text/html',
    '<!doctype html>\n<html>\n  <body>\n    <form>Sign in</form>\n  </body>\n</html>\n',
  ),
  '/broken.json': send('application/json', OURS.slice(0, 200)),
  '/swagger.json': send('application/json', '{"swagger": "2.0", "paths": {}}'),
  '/stalled.json': (_request, response) => {
    // Headers and the start of the body, then nothing.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(OURS.slice(0, 100));
  },
  '/private.json': (request, response) => {
    authorizations.push(request.headers.authorization ?? '');
    if (request.headers.authorization !== BASIC) {
      response.writeHead(401, { 'www-authenticate': 'Basic' });
      return response.end();
    }
    send('application/json', OURS)(request, response);
  },
};

const specCheck = (spec: string, env: NodeJS.ProcessEnv = {}): Promise<Finished> =>
  runScript(SCRIPT, ['--spec', spec], { SPEC_TIMEOUT_MS: '', ...env });

/** One line on standard error, nothing on standard output, exit 2. */
const assertOneLine = (run: Finished, cause: RegExp) => {
  const lines = run.stderr.trim().split('\n');
  assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0] ?? '', /^spec:check: cannot read the published spec /);
  assert.match(lines[0] ?? '', cause);
};

describe('spec:check: a spec it cannot fetch or read is one line and exit 2', function () {
  this.timeout(120_000);
  const pool = serverPool();
  let base: string;
  const runs = new Map<string, Finished>();

  // The runs are separate processes, three at a time (nine Node processes at once starve each
  // other on a 2-core runner); each `it` reads its own.
  before(async () => {
    base = (await pool.serve(httpServer(ROUTES))).url;
    const silent = (await pool.serve(silentServer())).url;
    const refused = await refusedUrl();
    const quick = { SPEC_TIMEOUT_MS: '500' };
    const cases: Readonly<Record<string, () => Promise<Finished>>> = {
      refused: () => specCheck(`${refused}/openapi.json`),
      missing: () => specCheck(`${base}/nowhere.json`),
      silent: () => specCheck(`${silent}/openapi.json`, quick),
      stalled: () => specCheck(`${base}/stalled.json`, quick),
      html: () => specCheck(`${base}/login.html`),
      broken: () => specCheck(`${base}/broken.json`),
      swagger: () => specCheck(`${base}/swagger.json`),
      file: () => specCheck('contracts/openapi/no-such-spec.json'),
      denied: () =>
        specCheck(`http://${USER}:wrong-${PASSWORD}@${base.slice('http://'.length)}/private.json`),
    };
    const queue = Object.entries(cases);
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        runs.set(next[0], await next[1]());
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });
  after(() => pool.closeAll());

  const run = (name: string): Finished => {
    const found = runs.get(name);
    assert.ok(found !== undefined, name);
    return found;
  };

  it('nothing listens there: refused', () => {
    assertOneLine(run('refused'), /openapi\.json: refused \(nothing listens there\)$/);
  });

  it('the server answers 404', () => {
    assertOneLine(run('missing'), /nowhere\.json: answered 404 Not Found$/);
  });

  it('the server accepts the connection and never answers: SPEC_TIMEOUT_MS', () => {
    assertOneLine(run('silent'), /: no complete answer within 0\.5 s$/);
  });

  it('the server sends headers, then stalls the body: the timeout covers the body', () => {
    assertOneLine(run('stalled'), /stalled\.json: no complete answer within 0\.5 s$/);
  });

  it('an HTML page (a login form, say) is neither JSON nor YAML describing an object', () => {
    assertOneLine(
      run('html'),
      /login\.html: (neither JSON nor YAML describing an object|not valid YAML)/,
    );
  });

  it('JSON cut short', () => {
    assertOneLine(run('broken'), /broken\.json: not valid JSON: /);
  });

  it('a Swagger 2 document', () => {
    assertOneLine(
      run('swagger'),
      /a Swagger 2\.0 document; spec:check reads OpenAPI 3\.0 and 3\.1$/,
    );
  });

  it('a file that is not there', () => {
    assertOneLine(run('file'), /no-such-spec\.json: no such file$/);
  });

  it('credentials refused: the URL printed with its password masked, never the password', () => {
    const denied = run('denied');
    assertOneLine(
      denied,
      /http:\/\/watcher:\*{8}@127\.0\.0\.1:\d+\/private\.json: answered 401 Unauthorized$/,
    );
    assert.ok(!`${denied.stdout}${denied.stderr}`.includes(PASSWORD));
  });
});

describe('a spec URL as printed', () => {
  it('masks a password, or a lone user name (a token, as often)', () => {
    assert.equal(
      shownUrl(new URL('https://ci:pa55@host/a.json')),
      'https://ci:********@host/a.json',
    );
    assert.equal(
      shownUrl(new URL('https://ghp_token@host/a.json')),
      'https://********@host/a.json',
    );
    assert.equal(shownUrl(new URL('https://host/a.json?v=1')), 'https://host/a.json?v=1');
  });
});

describe('spec:check by URL, end to end', function () {
  this.timeout(60_000);
  const pool = serverPool();
  let base: string;
  before(async () => {
    base = (await pool.serve(httpServer(ROUTES))).url;
  });
  after(() => pool.closeAll());

  it('sends the credentials of the URL as Basic authentication and prints neither', async () => {
    authorizations.length = 0;
    const host = base.slice('http://'.length);
    const run = await specCheck(`http://${USER}:${PASSWORD}@${host}/private.json`);
    assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
    assert.deepEqual(authorizations, [BASIC]);
    assert.match(
      run.stdout,
      /the published spec http:\/\/watcher:\*{8}@127\.0\.0\.1:\d+\/private\.json/,
    );
    assert.match(run.stdout, /no change: /);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(PASSWORD));
  });

  it('a breaking spec: exit 1, the change named', async () => {
    const run = await specCheck(`${base}/openapi-breaking.json`);
    assert.equal(run.code, 1, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /^ {2}breaking {6}403: status removed$/m);
    assert.equal(run.stderr, '');
  });

  it('bad usage and a bad timeout are exit 2 too, naming what to fix', async () => {
    const [usage, timeout] = await Promise.all([
      runScript(SCRIPT, [], {}),
      specCheck(`${base}/openapi.json`, { SPEC_TIMEOUT_MS: 'soon' }),
    ]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--spec needs a URL or a file\nusage: npm run spec:check/);
    assert.equal(timeout.code, 2);
    assert.match(timeout.stderr, /^spec:check: SPEC_TIMEOUT_MS: expected a whole number/);
  });
});
