/**
 * Reading configuration from environment variables: one type for an environment, one way to
 * read a variable, one check of a URL. Callers wrap the reasons in their own error values.
 */
import * as E from 'fp-ts/lib/Either.js';

/** An environment as given (process.env, or a test's literal). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; `undefined` when unset or blank. */
export const read = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** An absolute http(s) URL, or why not. */
export const httpUrl = (raw: string): E.Either<string, URL> => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return E.left('expected an absolute http(s) URL');
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? E.right(url)
    : E.left(`expected an http(s) URL, got protocol ${url.protocol}`);
};

/** A URL without its trailing slashes, as the tools join paths onto it. */
export const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');
