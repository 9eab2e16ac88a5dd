/** Keeps broker secrets out of anything this module prints or returns. */

export const MASK = '********';

/** Replaces every occurrence of each non-empty secret with a fixed mask. */
export const maskSecrets =
  (secrets: readonly string[]) =>
  (text: string): string =>
    secrets
      .filter((s) => s.length > 0)
      // Longest first, so that a secret containing another is masked whole.
      .sort((a, b) => b.length - a.length)
      .reduce((acc, secret) => acc.split(secret).join(MASK), text);

/** Hides the password of a URL's userinfo (`https://user:pass@host`), if any. */
export const redactUrl = (url: string): string => {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed === undefined || parsed.password === '') return url;
  parsed.password = MASK;
  return parsed.toString();
};
