/**
 * The provider's HTTP face: one operation, strict about what it accepts, and
 * every answer (even to nonsense) an `Error` body rather than a stack trace.
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import Fastify, {
  type FastifyError,
  type FastifyHttpOptions,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { TOKEN_REFRESH_PATH } from '../../../contracts/index.js';
import type { ProviderServices } from '../services.js';
import { registerProviderStatesRoute } from './provider-states-route.js';
import {
  JSON_UTF8,
  malformedRequest,
  rawErrorResponse,
  sendError,
  sendJson,
  sendUndocumented,
  undocumentedError,
  WHOLE_BODY,
} from './replies.js';
import { registerTokenRoute } from './token-route.js';

/** A refresh request is about 100 bytes; 8 KiB leaves room and nothing more. */
export const DEFAULT_BODY_LIMIT = 8 * 1024;

export interface ProviderAppOptions {
  readonly services: ProviderServices;
  readonly bodyLimit?: number;
  /** Off by default. When on, request bodies are never logged and secrets are redacted. */
  readonly logger?: boolean;
  /** Where logs go when `logger` is on (default stdout). */
  readonly logStream?: Writable;
  /** Enables POST /_pact/provider-states, guarded by this shared secret. */
  readonly providerStatesSecret?: string;
}

const statusOf = (error: FastifyError): number =>
  typeof error.statusCode === 'number' ? error.statusCode : 500;

const pathOf = (url: string): string => url.split('?', 1)[0] ?? url;

const clientError = (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
  if (!socket.writable) return socket.destroy();
  // Node keeps the bytes it could not parse: a HEAD request must get no body back.
  const head =
    Buffer.isBuffer(error.rawPacket) &&
    error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? rawErrorResponse(431, 'Request Header Fields Too Large', undocumentedError(431), { head })
      : rawErrorResponse(400, 'Bad Request', malformedRequest('message'), { head }),
  );
};

/** Fastify's settings: body limit, redacted logs, and the malformed requests answered here. */
const fastifyOptions = (options: ProviderAppOptions): FastifyHttpOptions<Server> => ({
  bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  logger:
    options.logger === true
      ? {
          ...(options.logStream === undefined ? {} : { stream: options.logStream }),
          redact: {
            paths: ['req.headers.authorization', 'req.headers["x-provider-states-secret"]'],
            censor: '[redacted]',
          },
        }
      : false,
  // Fastify's own answers to unroutable URLs would use its default body.
  frameworkErrors: (_error, _request, reply) => {
    void sendJson(reply, 400, malformedRequest('URL'));
  },
  clientErrorHandler: clientError,
  // Node would answer a Host-less HTTP/1.1 request itself, with an empty 400.
  http: { requireHostHeader: false },
});

/** Node answers these before Fastify sees a request; each still gets an Error body. */
const answerWhatNodeWouldAnswer = (app: FastifyInstance): void => {
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return sendJson(reply, 400, malformedRequest('Host header'));
    }
  });
  app.server.on('connect', (_request, socket: Socket) =>
    socket.end(rawErrorResponse(405, 'Method Not Allowed', undocumentedError(405))),
  );
  app.server.on('checkExpectation', (_request, response: ServerResponse) => {
    response.writeHead(417, { 'content-type': JSON_UTF8, 'cache-control': 'no-store' });
    response.end(JSON.stringify(undocumentedError(417)));
  });
};

/**
 * Unknown path, or a method the path does not serve: answered before the body is looked at,
 * so the body's faults cannot change the status.
 */
const unrouted = (request: FastifyRequest, reply: FastifyReply) => {
  if (pathOf(request.url) === TOKEN_REFRESH_PATH) {
    reply.header('allow', 'POST');
    return sendUndocumented(reply, 405);
  }
  return sendUndocumented(reply, 404);
};

/** Every error Fastify raises, answered with the documented bodies. */
const answerErrors = (app: FastifyInstance): void => {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    if (request.is404) return unrouted(request, reply);
    const status = statusOf(error);
    if (status === 413 || status === 415) return sendUndocumented(reply, status);
    if (status >= 400 && status < 500) return sendError(reply, 400, WHOLE_BODY);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500);
  });
  app.setNotFoundHandler(unrouted);
};

export const buildProviderApp = (options: ProviderAppOptions): FastifyInstance => {
  const app = Fastify(fastifyOptions(options));
  answerWhatNodeWouldAnswer(app);
  // Only JSON is accepted: without its parser, text/plain is a 415 like the rest.
  app.removeContentTypeParser('text/plain');
  answerErrors(app);
  registerTokenRoute(app, options.services);
  if (options.providerStatesSecret !== undefined) {
    registerProviderStatesRoute(app, options.services, options.providerStatesSecret);
  }
  return app;
};
