/**
 * Where the reference provider deliberately answers beyond the published
 * OpenAPI: statuses it does not document and headers it does not list. Each
 * with its reason; side 4 of the contract (test/provider/published-answers.test.ts)
 * fails on an answer outside the published contract that is not declared here.
 * The bodies of these answers still carry the published `Error` shape.
 */
export interface ProviderExtra {
  readonly kind: 'status' | 'header';
  /** The status code, or the header name in lower case. */
  readonly name: string;
  readonly reason: string;
}

export const REFERENCE_PROVIDER_EXTRAS: readonly ProviderExtra[] = [
  {
    kind: 'status',
    name: '404',
    reason:
      'A request for any other path: RFC 9110 §15.5.5; the published document covers one path.',
  },
  {
    kind: 'status',
    name: '405',
    reason:
      'Any method but POST on the token path: RFC 9110 §15.5.6, with the Allow header it requires.',
  },
  {
    kind: 'status',
    name: '413',
    reason:
      'A body above 8 KiB: a token request is a few dozen bytes, and reading more is a denial-of-service risk (RFC 9110 §15.5.14).',
  },
  {
    kind: 'status',
    name: '415',
    reason:
      'A body that is not JSON: the published request body is application/json (RFC 9110 §15.5.16).',
  },
  {
    kind: 'status',
    name: '417',
    reason: 'An Expect other than 100-continue: RFC 9110 §10.1.1 requires a 417.',
  },
  {
    kind: 'status',
    name: '431',
    reason: 'Request headers too large to read: RFC 6585 §5.',
  },
  {
    kind: 'header',
    name: 'cache-control',
    reason: 'no-store on every answer: RFC 6749 §5.1 requires it for responses carrying tokens.',
  },
  {
    kind: 'header',
    name: 'pragma',
    reason: 'no-cache: RFC 6749 §5.1 requires it alongside Cache-Control for HTTP/1.0 caches.',
  },
  {
    kind: 'header',
    name: 'allow',
    reason: 'On a 405: RFC 9110 §15.5.6 requires it.',
  },
  {
    kind: 'header',
    name: 'retry-after',
    reason:
      'On a 429: when the client may try again (RFC 9110 §10.2.3, RFC 6585 §4); the client reads it and backs off by itself without it.',
  },
];
