/** POST /v0/oauth2/token/refresh: decode, refresh, answer with the contract's bodies. */
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  decode,
  DOCUMENTED_ERRORS,
  RefreshTokenRequest,
  TOKEN_REFRESH_PATH,
  TokenResponse,
  type DecodeError,
  type ErrorBody,
} from '../../../contracts/index.js';
import type { ProviderServices } from '../services.js';
import type { RefreshFailure } from '../token-service.js';
import { sendError, sendJson, sendUndocumented } from './replies.js';

/** One error item per offending field, each naming it in `source`. */
export const badRequestBody = (error: DecodeError): ErrorBody => {
  const sources = [...new Set(error.problems.map((problem) => problem.path))];
  const [first, ...rest] = sources.map((source) => ({ ...DOCUMENTED_ERRORS[400], source }));
  // decode() reports at least one problem; the fallback keeps the body valid regardless.
  return { errors: first === undefined ? [{ ...DOCUMENTED_ERRORS[400] }] : [first, ...rest] };
};

/**
 * JSON text is UTF-8 (RFC 8259 §8.1): a body declared in another charset is
 * refused before it is parsed.
 */
const declaresForeignCharset = (contentType: string | undefined): boolean => {
  if (contentType === undefined) return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  return charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase());
};

const answerFailure = (
  request: FastifyRequest,
  reply: FastifyReply,
  failure: RefreshFailure,
): FastifyReply => {
  switch (failure._tag) {
    case 'UnknownToken':
    case 'ExpiredToken':
    case 'RevokedFamily':
    case 'ReuseDetected':
      // One answer for all: the client must not learn which tokens exist.
      return sendError(reply, 401);
    case 'ClientSuspended':
      return sendError(reply, 403);
    case 'RateLimited':
      reply.header('retry-after', String(failure.retryAfterSeconds));
      return sendError(reply, 429);
    case 'StoreFailure':
      request.log.error({ err: failure.cause }, 'token store failure');
      return sendError(reply, 500);
  }
};

export const registerTokenRoute = (app: FastifyInstance, services: ProviderServices): void => {
  app.post(TOKEN_REFRESH_PATH, {
    onRequest: async (request, reply) => {
      if (declaresForeignCharset(request.headers['content-type'])) {
        return sendUndocumented(reply, 415);
      }
    },
    handler: async (request, reply) => {
      const decoded = decode(RefreshTokenRequest)(request.body);
      if (E.isLeft(decoded)) return sendJson(reply, 400, badRequestBody(decoded.left));
      const result = await services.tokens.refresh(decoded.right.refreshToken)();
      if (E.isLeft(result)) return answerFailure(request, reply, result.left);
      return sendJson(reply, 200, TokenResponse.encode(result.right));
    },
  });
};
