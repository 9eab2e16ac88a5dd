/**
 * docs/verification.md's "The state-change protocol", as a provider team reads it: its table
 * names every provider state of the catalogue and, for each, what the setup's answer must hold
 * (what the pact's provider-state generators read); its example request, sent as written to the
 * reference provider's state-change endpoint, gets the answer the doc shows, and the token in
 * that answer is one the provider then refreshes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ProviderStates, TOKEN_REFRESH_PATH } from '../../contracts/index.js';
import { startProvider, type RunningProvider } from '../../src/provider/index.js';

const SECRET = 'a-states-secret-for-the-doc-test';
const DOC = readFileSync('docs/verification.md', 'utf8');
const PACT_FILE = 'pacts/token-refresh-client-spendesk-public-api.json';

interface PactInteraction {
  readonly description: string;
  readonly providerStates?: readonly { readonly name: string; readonly params?: object }[];
  readonly request: {
    readonly headers?: Record<string, string | readonly string[]>;
    readonly body?: { readonly content?: Record<string, unknown> };
    readonly generators?: {
      readonly body?: Record<string, { readonly type: string; readonly expression?: string }>;
    };
  };
}
const PACT = JSON.parse(readFileSync(PACT_FILE, 'utf8')) as {
  readonly interactions: readonly PactInteraction[];
};

/** The doc's section, up to the next `## ` heading. */
const section = (() => {
  const start = DOC.indexOf('\n## The state-change protocol\n');
  assert.ok(start >= 0, 'docs/verification.md has no "The state-change protocol" section');
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
})();

/** An HTTP message as the doc writes it: a start line, headers, a blank line, a body. */
interface Message {
  readonly startLine: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}
const messages: readonly Message[] = [...section.matchAll(/```http\n([\s\S]*?)```/g)].map(
  ([, text = '']) => {
    const [head = '', body = ''] = text.split('\n\n');
    const [startLine = '', ...headerLines] = head.split('\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    return { startLine, headers, body: body.trim() };
  },
);

/** The table's rows: state, params, what the answer must hold. */
const rows = section
  .split('\n')
  .filter((line) => /^\| `[^`]+` +\|/.test(line))
  .map((line) => line.split('|').map((cell) => cell.trim()))
  .map(([, state = '', params = '', answer = '']) => ({
    state: state.replace(/`/g, ''),
    params,
    answer,
  }));

/** Whether the pact's interactions naming `state` read `${refreshToken}` into their body. */
const readsRefreshToken = (state: string): boolean =>
  PACT.interactions
    .filter((i) => i.providerStates?.some((s) => s.name === state))
    .some((i) =>
      Object.values(i.request.generators?.body ?? {}).some(
        (g) => g.type === 'ProviderState' && g.expression === '${refreshToken}',
      ),
    );

describe('docs/verification.md: the state-change protocol', function () {
  this.timeout(30_000);
  let provider: RunningProvider;
  before(async () => {
    provider = await startProvider({ providerStatesSecret: SECRET });
  });
  after(async () => provider.close());

  it('its table names every provider state, and the value each setup must answer', () => {
    assert.deepEqual(rows.map((r) => r.state).sort(), Object.values(ProviderStates).sort());
    for (const { state, params, answer } of rows) {
      const reads = readsRefreshToken(state);
      assert.equal(answer.startsWith('`refreshToken`'), reads, `${state}: ${answer}`);
      if (!reads) assert.match(answer, /^nothing \(`\{\}`\)/, state);
      const given = PACT.interactions.flatMap(
        (i) => i.providerStates?.filter((s) => s.name === state && s.params !== undefined) ?? [],
      );
      const names = [...new Set(given.flatMap((s) => Object.keys(s.params ?? {})))];
      assert.equal(
        params,
        names.length === 0 ? 'none' : names.map((n) => `\`${n}\`: the scope to grant`).join(', '),
        state,
      );
    }
  });

  it('its example request, sent as written, gets the example answer, whose token refreshes', async () => {
    const [request, answer] = messages;
    assert.ok(request !== undefined && answer !== undefined, 'two http examples');
    const [method = '', path = ''] = request.startLine.split(' ');
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        value.replace('<PROVIDER_STATES_SECRET>', SECRET),
      ]),
    );
    const response = await fetch(`${provider.url}${path}`, {
      method,
      headers,
      body: request.body,
    });
    const text = await response.text();
    assert.equal(`HTTP/1.1 ${response.status} ${response.statusText}`, answer.startLine, text);
    assert.equal(response.headers.get('content-type'), answer.headers['content-type']);
    const shown = JSON.parse(answer.body) as Record<string, string>;
    const got = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(got), Object.keys(shown));
    // A token is random: the doc's has the same form as the provider's.
    const token = /^rt_[A-Za-z0-9_-]{43}$/;
    assert.match(shown['refreshToken'] ?? '', token);
    assert.match(String(got['refreshToken']), token);

    // What the verifier then sends: the pact's request with the value at `$.refresh_token`.
    const sent = JSON.parse(request.body) as { state: string };
    const interaction = PACT.interactions.find((i) =>
      i.providerStates?.some((s) => s.name === sent.state),
    );
    assert.ok(interaction !== undefined, `no interaction names "${sent.state}"`);
    const refreshed = await fetch(`${provider.url}${TOKEN_REFRESH_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...interaction.request.body?.content,
        refresh_token: got['refreshToken'],
      }),
    });
    assert.equal(refreshed.status, 200, await refreshed.text());
  });

  it('refuses the example without the secret, as the doc warns', async () => {
    const [request] = messages;
    assert.ok(request !== undefined);
    const { ['x-provider-states-secret']: _secret, ...headers } = request.headers;
    const response = await fetch(`${provider.url}${request.startLine.split(' ')[1] ?? ''}`, {
      method: 'POST',
      headers,
      body: request.body,
    });
    assert.equal(response.status, 401);
  });
});
