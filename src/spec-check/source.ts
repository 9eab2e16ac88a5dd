/**
 * The provider's OpenAPI document as it is published now: read from a file or fetched from an
 * http(s) URL within a timeout, parsed as JSON or YAML, and checked to be an OpenAPI 3
 * document. Anything else is one line saying why. Credentials in the URL (`user:password@`)
 * are sent as HTTP Basic authentication and never printed.
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { parse as parseYaml } from 'yaml';
import { MASK, maskSecrets } from '../broker/mask.js';
import { causeOf, seconds } from '../verify/exchange.js';
import { errorCause, errorCode, errorMessage, firstLine } from '../config/index.js';
import { isRecord } from '../four-sides/pact-io-ts.js';

export interface SpecUnreadable {
  readonly _tag: 'SpecUnreadable';
  readonly message: string;
}

/** An OpenAPI 3.x document: what the checks read. */
export type OpenApiDocument = Readonly<Record<string, unknown>>;

/** The largest document read: the biggest public APIs publish a few MiB. */
export const MAX_SPEC_BYTES = 32 * 1024 * 1024;

const unreadable = (shown: string, cause: string): SpecUnreadable => ({
  _tag: 'SpecUnreadable',
  message: `cannot read the published spec ${shown}: ${cause}`,
});

/** A URL (`scheme://...`) rather than a file path. */
export const isUrl = (source: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source);

/** The URL as printed: any user name or password replaced by the mask. */
export const shownUrl = (url: URL): string => {
  const shown = new URL(url);
  if (shown.password !== '') shown.password = MASK;
  else if (shown.username !== '') shown.username = MASK;
  return shown.toString();
};

/** The body, or why it cannot be read whole: over MAX_SPEC_BYTES, or the signal aborted. */
const boundedBody = async (response: Response): Promise<E.Either<string, string>> => {
  if (response.body === null) return E.right('');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_SPEC_BYTES) return E.left(`larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
    chunks.push(chunk);
  }
  return E.right(new TextDecoder('utf-8').decode(Buffer.concat(chunks)));
};

/** A URL's user name or password as typed (`%40` is `@`); a malformed escape as written. */
const decoded = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

const basicAuthorization = (url: URL): Record<string, string> => {
  if (url.username === '' && url.password === '') return {};
  const pair = `${decoded(url.username)}:${decoded(url.password)}`;
  return { Authorization: `Basic ${Buffer.from(pair).toString('base64')}` };
};

const fetchCause = (error: unknown, url: URL, timeoutMs: number): string => {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `no complete answer within ${seconds(timeoutMs)}`;
  }
  return causeOf(errorCause(error), url.hostname);
};

/** The text at `url`, fetched within `timeoutMs` (the body included). */
const fetchText = (url: URL, timeoutMs: number): TE.TaskEither<string, string> => {
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  const secrets = maskSecrets([
    url.username,
    url.password,
    decoded(url.username),
    decoded(url.password),
  ]);
  return async () => {
    try {
      const response = await fetch(bare, {
        headers: {
          Accept: 'application/json, application/yaml;q=0.9, */*;q=0.1',
          ...basicAuthorization(url),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return E.left(`answered ${response.status} ${response.statusText}`.trim());
      }
      return await boundedBody(response);
    } catch (error) {
      return E.left(secrets(fetchCause(error, url, timeoutMs)));
    }
  };
};

const fileCause = (error: unknown): string => {
  const code = errorCode(error);
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a directory, not a file';
  if (code === 'EACCES') return 'not readable (permission denied)';
  return errorMessage(error);
};

const readText = (path: string): TE.TaskEither<string, string> =>
  TE.tryCatch(async () => {
    const text = await readFile(path);
    if (text.length > MAX_SPEC_BYTES) {
      throw new Error(`larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`);
    }
    return text.toString('utf8');
  }, fileCause);

/** The first line of a parser's message, cut short: the gist, without the document's text. */
const gistOf = (error: unknown) => firstLine(error).slice(0, 200);

/** JSON when it looks like JSON (YAML would misread its errors), YAML otherwise. */
const parseText = (text: string): E.Either<string, unknown> => {
  if (text.trim() === '') return E.left('empty');
  const json = /^\s*[{[]/.test(text);
  return E.tryCatch(
    () => (json ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown)),
    (error) => `not valid ${json ? 'JSON' : 'YAML'}: ${gistOf(error)}`,
  );
};

/** An OpenAPI 3.0 or 3.1 document with paths, or why not. */
const openApi3 = (parsed: unknown): E.Either<string, OpenApiDocument> => {
  if (!isRecord(parsed)) {
    const what = Array.isArray(parsed)
      ? 'an array'
      : `a ${parsed === null ? 'null' : typeof parsed}`;
    return E.left(`neither JSON nor YAML describing an object (${what})`);
  }
  const version = parsed['openapi'];
  if (typeof version !== 'string') {
    return E.left(
      parsed['swagger'] !== undefined
        ? `a Swagger ${String(parsed['swagger'])} document; spec:check reads OpenAPI 3.0 and 3.1`
        : 'not an OpenAPI document (no "openapi" field)',
    );
  }
  if (!/^3\.[01]\./.test(version)) {
    return E.left(`OpenAPI ${version}; spec:check reads OpenAPI 3.0 and 3.1`);
  }
  return isRecord(parsed['paths'])
    ? E.right(parsed)
    : E.left('an OpenAPI document without "paths"');
};

/** Where a spec comes from, as given on the command line. */
export interface SpecSource {
  /** The file path, or the URL with credentials masked: what messages print. */
  readonly shown: string;
  readonly read: (timeoutMs: number) => TE.TaskEither<string, string>;
}

export const specSource = (given: string): E.Either<SpecUnreadable, SpecSource> => {
  if (!isUrl(given)) return E.right({ shown: given, read: () => readText(given) });
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return E.left(unreadable('(the URL given)', 'not a valid URL'));
  }
  const shown = shownUrl(url);
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? E.right({ shown, read: (timeoutMs) => fetchText(url, timeoutMs) })
    : E.left(unreadable(shown, `expected an http(s) URL or a file, got ${url.protocol}`));
};

/** The OpenAPI 3 document `source` holds now. */
export const readSpec = (
  source: SpecSource,
  timeoutMs: number,
): TE.TaskEither<SpecUnreadable, OpenApiDocument> =>
  pipe(
    source.read(timeoutMs),
    TE.flatMapEither((text) => pipe(parseText(text), E.flatMap(openApi3))),
    TE.mapLeft((cause) => unreadable(source.shown, cause)),
  );
