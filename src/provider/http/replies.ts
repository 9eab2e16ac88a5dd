/**
 * Every answer of the provider: JSON in UTF-8, never cached (RFC 6749 §5.1),
 * and for failures the contract's `Error` body. Statuses the contract does not
 * document (404, 405, 413, 415) carry the same shape with their own codes.
 */
import type { FastifyReply } from 'fastify';
import {
  DOCUMENTED_ERRORS,
  errorBody,
  type ErrorBody,
  type ErrorStatus,
} from '../../../contracts/index.js';

export const JSON_UTF8 = 'application/json; charset=utf-8';

/** What decode.ts names a problem with the body as a whole. */
export const WHOLE_BODY = '(body)';

export const sendJson = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply
    .code(status)
    .header('content-type', JSON_UTF8)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(body);

export const sendError = (reply: FastifyReply, status: ErrorStatus, source?: string) =>
  sendJson(reply, status, errorBody(status, source));

/** Statuses outside the contract, same `Error` shape. */
export const UNDOCUMENTED_ERRORS = {
  404: { code: 'NOT_FOUND', detail: 'No resource exists at this path.' },
  405: { code: 'METHOD_NOT_ALLOWED', detail: 'This method is not allowed on this resource.' },
  413: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is too large.' },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'The request body must be JSON (Content-Type: application/json; charset=utf-8).',
  },
  417: {
    code: 'EXPECTATION_FAILED',
    detail: 'The expectation in the Expect header cannot be met.',
  },
  431: { code: 'REQUEST_HEADER_FIELDS_TOO_LARGE', detail: 'The request headers are too large.' },
} as const;

export type UndocumentedStatus = keyof typeof UNDOCUMENTED_ERRORS;

export const undocumentedError = (status: UndocumentedStatus): ErrorBody => ({
  errors: [{ ...UNDOCUMENTED_ERRORS[status] }],
});

/** A request Fastify could not route or Node could not parse: the documented 400 code. */
export const malformedRequest = (what: string): ErrorBody => ({
  errors: [{ code: DOCUMENTED_ERRORS[400].code, detail: `The request ${what} is malformed.` }],
});

export const sendUndocumented = (reply: FastifyReply, status: UndocumentedStatus) =>
  sendJson(reply, status, undocumentedError(status));

/**
 * The raw HTTP form of an error, for sockets Fastify never turned into a
 * request. An answer to HEAD has the same headers and no body (RFC 9110 §9.3.2).
 */
export const rawErrorResponse = (
  status: number,
  reason: string,
  body: ErrorBody,
  { head = false }: { readonly head?: boolean } = {},
): string => {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    `Content-Type: ${JSON_UTF8}`,
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Cache-Control: no-store',
    'Connection: close',
    '',
    head ? '' : json,
  ].join('\r\n');
};
