/**
 * An HTTP interaction of a pact as a sequence diagram: the provider state as a note, the
 * consumer's request (method, path, body) and the provider's answer (status, body).
 */
import { STATUS_CODES } from 'node:http';
import type {
  Body,
  Generators,
  HttpInteraction,
  HttpRequest,
  ProviderState,
} from '../pact-file/pact-file.js';
import { isRecord } from '../four-sides/pact-io-ts.js';
import { answer, noteOver, request, sequenceDiagram, type Participant } from './mermaid.js';

/** `POST /v0/oauth2/token/refresh?a=1` */
export const requestLine = ({ method, path, query }: HttpRequest): string => {
  const pairs = Object.entries(query ?? {}).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`),
  );
  return `${method} ${path}${pairs.length === 0 ? '' : `?${pairs.join('&')}`}`;
};

/** `401 Unauthorized` */
export const statusLine = (status: number): string =>
  `${status}${STATUS_CODES[status] === undefined ? '' : ` ${STATUS_CODES[status]}`}`;

/** Strings as they are (the empty one as `""`), anything else as compact JSON. */
const shownValue = (value: unknown): string =>
  typeof value === 'string' && value !== '' ? value : (JSON.stringify(value) ?? String(value));

/** Body paths whose value a provider state supplies (`refresh_token`), with its expression. */
const fromProviderState = (generators: Generators | undefined): ReadonlyMap<string, string> => {
  const body = generators?.['body'] ?? {};
  return new Map(
    Object.entries(body).flatMap(([path, g]) =>
      typeof g === 'object' && g.type === 'ProviderState' && path.startsWith('$.')
        ? [[path.slice(2), String(g.expression ?? '')] as const]
        : [],
    ),
  );
};

/** Every leaf of a JSON value with its path: `errors[0].code: AUTHENTICATION_ERROR`. */
const leaves = (value: unknown, path: string): [string, unknown][] => {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v: unknown, n) => [`${path}[${n}]`, v])
    : isRecord(value)
      ? Object.entries(value).map(([k, v]) => [path === '' ? k : `${path}.${k}`, v])
      : [];
  return entries.length === 0 ? [[path, value]] : entries.flatMap(([p, v]) => leaves(v, p));
};

/** A body as lines, one a leaf: the value, or where a provider state supplies it. */
const bodyLines = (body: Body | undefined, generators?: Generators): string[] => {
  if (body === undefined) return [];
  const supplied = fromProviderState(generators);
  return leaves(body.content, '').map(([path, value]) => {
    const shown = supplied.has(path)
      ? `${supplied.get(path)} (from the provider state)`
      : shownValue(value);
    return path === '' ? shown : `${path}: ${shown}`;
  });
};

const stateLines = (states: readonly ProviderState[]): string[] =>
  states.length === 0
    ? ['no provider state']
    : states.flatMap((s) => [
        `given ${s.name}`,
        ...Object.entries(s.params ?? {}).map(([k, v]) => `${k}: ${shownValue(v)}`),
      ]);

/** The interaction between `consumer` and `provider` (the pacticipants' names). */
export const interactionDiagram = (
  consumer: string,
  provider: string,
  i: HttpInteraction,
): string[] => {
  const c: Participant = { id: 'C', label: consumer };
  const p: Participant = { id: 'P', label: provider };
  return sequenceDiagram(
    [c, p],
    [
      noteOver([c, p], stateLines(i.providerStates ?? [])),
      request(c, p, [requestLine(i.request), ...bodyLines(i.request.body, i.request.generators)]),
      answer(p, c, [statusLine(i.response.status), ...bodyLines(i.response.body)]),
    ],
  );
};
