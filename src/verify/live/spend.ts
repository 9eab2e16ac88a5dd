/**
 * The one refresh of the live token a run makes. A 2xx answer means the provider rotated it:
 * the successor (the answer's `refresh_token`, read with the contract's codec) is saved before
 * the answer goes on to the verifier, and a save that fails keeps the successor in a 0600 file
 * and stops the run there. What became of the token is the run's `TokenFate`.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decode, TokenResponseBody } from '../../../contracts/index.js';
import { jsonOrText, type ProviderAnswer, type Send, type Unanswered } from '../exchange.js';
import { markSpent, type HeldToken } from './hold.js';
import type { TokenFate } from './output.js';
import { destinationOf, keep, saveSuccessor } from './successor.js';

export interface LiveToken {
  readonly token: string;
  readonly spend: (send: Send) => Send;
  readonly fate: () => TokenFate;
}

/** The successor, read with the contract's own codec for the field. */
const Successor = t.type({ refresh_token: TokenResponseBody.props.refresh_token }, 'Successor');

/** An answer's body as JSON, or as its text. */
const parsed = (body: Buffer): unknown => jsonOrText(body.toString('utf8'));

/**
 * Every string under a key that names a token (`access_token`, `refreshToken`; not
 * `token_type`), however deep: what a rotated answer carries that must never be printed. A
 * string too short to be a credential is left out: masking it would garble every line.
 */
const tokensIn = (value: unknown, underToken = false): readonly string[] => {
  if (typeof value === 'string') return underToken && value.length >= 8 ? [value] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    tokensIn(inner, underToken || /token$/i.test(key)),
  );
};

/** Tells `reveal` every token in an answer's body, before anything can print it. */
export const revealTokensIn = (body: Buffer, reveal: (secret: string) => void): void =>
  tokensIn(parsed(body)).forEach(reveal);

/** Connection refused: the request never reached the provider, so nothing was spent. */
const neverSent = (cause: string) => cause.startsWith('refused');

export const liveToken = (
  { token, source, keptFiles, spentMark }: HeldToken,
  reveal: (secret: string) => void,
): LiveToken => {
  let fate: TokenFate = { _tag: 'Unused' };
  const kept = (content: string) => keep(content, keptFiles);

  const rotated = async (answer: ProviderAnswer): Promise<E.Either<Unanswered, ProviderAnswer>> => {
    revealTokensIn(answer.body, reveal);
    if (spentMark !== undefined) markSpent(spentMark);
    const successor = decode(Successor)(parsed(answer.body));
    if (E.isLeft(successor)) {
      fate = {
        _tag: 'Unreadable',
        why: successor.left.message,
        ...kept(answer.body.toString('utf8')),
      };
      return E.right(answer);
    }
    const saved = await saveSuccessor(source, successor.right.refresh_token);
    if (E.isRight(saved)) {
      fate = { _tag: 'Saved', where: destinationOf(source) };
      return E.right(answer);
    }
    fate = { _tag: 'NotSaved', why: saved.left, ...kept(`${successor.right.refresh_token}\n`) };
    return E.left({
      _tag: 'Unanswered',
      cause: 'the successor of the live refresh token was not saved',
    });
  };

  return {
    token,
    spend: (send) => (request) => async () => {
      const answer = await send(request)();
      if (E.isLeft(answer)) {
        if (!neverSent(answer.left.cause)) fate = { _tag: 'InDoubt', cause: answer.left.cause };
        return answer;
      }
      const { status } = answer.right;
      if (status >= 200 && status < 300) return rotated(answer.right);
      fate = { _tag: 'NotRotated', status };
      return answer;
    },
    fate: () => fate,
  };
};
