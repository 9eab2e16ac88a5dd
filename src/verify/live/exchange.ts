/**
 * A live run at the verification's extension points. Its state change (for any state name)
 * records the states of the next interaction and hands the pact's provider-state generators
 * a placeholder for the token the state needs (`${refreshToken}`); its exchange
 * (`VerifyAt.exchange`) decides each interaction when its request comes (./decisions.ts):
 * one not verifiable live is answered at once and never sent; one verified live has the real
 * token put in place of the placeholder only here, so no token passes through the verifier.
 * The live refresh token's request goes through `spend`: its successor is saved before the
 * verifier sees the answer (./token.ts).
 */
import { randomUUID } from 'node:crypto';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { pipe } from 'fp-ts/lib/function.js';
import { StateValues } from '../../../contracts/index.js';
import {
  notSent,
  type ProviderAnswer,
  type ProviderRequest,
  type Send,
  type Unanswered,
} from '../exchange.js';
import type { StateChange } from '../state-change.js';
import {
  decide,
  type Credentials,
  type LiveDecision,
  type OperatorTokenVariable,
  type TokenKind,
} from './decisions.js';
import { revealTokensIn, type LiveToken } from './token.js';

/** Answered in place of the provider, for the verifier: the request was not sent. */
const notLive = (why: string): ProviderAnswer => notSent(`not verifiable live: ${why}`);

/** Puts `token` wherever the pact's generator put `placeholder`: URL, headers, body. */
const withToken = (
  request: ProviderRequest,
  placeholder: string,
  token: string,
): ProviderRequest => {
  const replace = (text: string, value: string) => text.split(placeholder).join(value);
  // In the body the token sits inside a JSON string: escaped as JSON would.
  const inJson = JSON.stringify(token).slice(1, -1);
  return {
    url: new URL(replace(request.url.toString(), encodeURIComponent(token))),
    method: request.method,
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.map((v) => replace(v, token)) : value && replace(value, token),
      ]),
    ),
    body: Buffer.from(replace(request.body.toString('utf8'), inJson)),
  };
};

export interface LiveSession {
  readonly stateChange: StateChange;
  readonly exchange: (send: Send) => Send;
  /** The decision of each interaction met so far, in the order of the verifier's report. */
  readonly decisions: () => readonly LiveDecision[];
  /** Stops the run: no request is sent after this (the caller went away, say). */
  readonly stop: (why: string) => void;
}

/**
 * A run's session with `live` (the live token, if any) and the operator's tokens, each told to
 * `reveal` with the tokens of its answers.
 */
export const liveSession = (
  live: LiveToken | undefined,
  operator: ReadonlyMap<OperatorTokenVariable, string>,
  reveal: (secret: string) => void,
): LiveSession => {
  const nonce = randomUUID();
  /** What the pact's generators are handed for `token`: the token itself goes in only here. */
  const placeholderOf = (token: TokenKind) =>
    `${token === 'live' ? 'live-refresh-token' : token.toLowerCase()}-${nonce}`;
  const credentials: Credentials = {
    liveToken: live !== undefined,
    operatorTokens: new Set(operator.keys()),
  };
  const pending: string[] = [];
  const decisions: LiveDecision[] = [];
  let stopped: string | undefined;

  const setup = (state: string) => {
    pending.push(state);
    // Every token-bearing state gets its placeholder: decide() rules whether it is sent.
    const decision = decide([state], credentials, false);
    return TE.right(
      decision._tag === 'Verify' && decision.token !== undefined
        ? { [StateValues.refreshToken]: placeholderOf(decision.token) }
        : {},
    );
  };
  /** The request of an interaction verified live, with its token (if any) put in place. */
  const sendVerified = (send: Send, request: ProviderRequest, token: TokenKind | undefined) => {
    if (token === undefined) return send(request);
    const withIt = (value: string) => withToken(request, placeholderOf(token), value);
    // decide() verifies with the live token only when there is one: its refresh saves the
    // successor before the verifier sees the answer.
    if (token === 'live')
      return live === undefined
        ? TE.right(notLive('no live refresh token'))
        : live.spend(send)(withIt(live.token));
    // An operator's token is not meant to be rotated; if the provider does, the tokens of its
    // answer are secrets too.
    return pipe(
      send(withIt(operator.get(token) ?? '')),
      TE.tap(({ body }) => TE.fromIO(() => revealTokensIn(body, reveal))),
    );
  };
  const exchange =
    (send: Send): Send =>
    (request) => {
      const spent = decisions.some((d) => d._tag === 'Verify' && d.token === 'live');
      const decision = decide(pending.splice(0), credentials, spent);
      decisions.push(decision);
      if (stopped !== undefined) return TE.left<Unanswered>({ _tag: 'Unanswered', cause: stopped });
      if (decision._tag === 'NotVerifiable') return TE.right(notLive(decision.why));
      return sendVerified(send, request, decision.token);
    };

  return {
    // A state the contract does not know is still recorded (and not verified live), never skipped.
    stateChange: (state, action) => (action === 'setup' ? setup(state) : TE.right({})),
    exchange,
    decisions: () => decisions,
    stop: (why) => {
      stopped ??= why;
    },
  };
};
