import assert from 'node:assert/strict';
import { createTokenRefreshClient, outcomeOf, sameOutcome } from '../../src/client/index.js';
import { errorBody, REFRESH_TOKEN, tokenBody } from './fixtures.js';
import {
  closedPort,
  reply,
  replyJson,
  startScriptedServer,
  type Handler,
} from './scripted-server.js';

/** What the callers of one refresh observe, the server answering with `handler`. */
const observed = async (handler: Handler) => {
  const server = await startScriptedServer(handler);
  try {
    const client = createTokenRefreshClient({
      baseUrl: server.baseUrl,
      retry: { maxAttempts: 1 },
    });
    return outcomeOf(await client.refresh(REFRESH_TOKEN)());
  } finally {
    await server.close();
  }
};

describe("the client's outcome: what its callers observe", () => {
  it('is the success, its fields and its literal token type; token texts and scope do not count', async () => {
    const recorded = await observed(replyJson(200, tokenBody()));
    assert.deepEqual(recorded, {
      _tag: 'Refreshed',
      fields: ['accessToken', 'refreshToken', 'scope', 'tokenType'],
      tokenType: 'Bearer',
    });
    const other = await observed(
      replyJson(201, tokenBody({ access_token: 'x', refresh_token: 'y', scope: '' })),
    );
    assert.ok(sameOutcome(recorded, other));
  });

  it('is the tag and status of an HTTP error, whatever codes, details or how many errors', async () => {
    const recorded = await observed(replyJson(401, errorBody(401)));
    assert.deepEqual(recorded, { _tag: 'HttpError', status: 401, fields: [] });
    assert.ok(sameOutcome(recorded, await observed(replyJson(401, { errors: [] }))));
    assert.ok(!sameOutcome(recorded, await observed(replyJson(400, errorBody(400)))));
  });

  it('tells an unreadable error body apart, not a Retry-After the contract leaves optional', async () => {
    assert.deepEqual(await observed(reply(401, 'not json', { 'Content-Type': 'text/html' })), {
      _tag: 'HttpError',
      status: 401,
      fields: ['bodyProblem'],
    });
    assert.ok(
      sameOutcome(
        await observed(replyJson(429, errorBody(429), { 'Retry-After': '5' })),
        await observed(replyJson(429, errorBody(429))),
      ),
    );
  });

  it('is a contract error with its status when a 2xx is no token set', async () => {
    const empty = await observed(replyJson(200, tokenBody({ access_token: '' })));
    assert.deepEqual(empty, { _tag: 'ContractError', status: 200 });
    const text = await observed(reply(200, JSON.stringify(tokenBody())));
    assert.ok(sameOutcome(empty, text));
  });

  it('is the tag alone when no answer came', async () => {
    const client = createTokenRefreshClient({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { maxAttempts: 1 },
    });
    assert.deepEqual(outcomeOf(await client.refresh(REFRESH_TOKEN)()), { _tag: 'NetworkError' });
  });
});
