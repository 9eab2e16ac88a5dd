/**
 * Just enough JSONPath to find the example value a matching rule applies to, for pact paths
 * such as `$.errors[*].status`, `$['Content-Type']` or `$.items[0]`.
 */
import { isRecord } from '../four-sides/pact-io-ts.js';

export type PathToken =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

const TOKEN =
  /^(?:\.([A-Za-z_$@][\w$@-]*)|\.\*|\[\*\]|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

/** Tokens of a path starting with `$`, or undefined when it uses syntax not covered here. */
export const parsePath = (path: string): readonly PathToken[] | undefined => {
  if (!path.startsWith('$')) return undefined;
  const tokens: PathToken[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const m = TOKEN.exec(rest);
    if (m === null) return undefined;
    const [whole, dotKey, index, singleQuoted, doubleQuoted] = m;
    if (dotKey !== undefined) tokens.push({ kind: 'key', key: dotKey });
    else if (index !== undefined) tokens.push({ kind: 'index', index: Number(index) });
    else if (singleQuoted !== undefined) tokens.push({ kind: 'key', key: singleQuoted });
    else if (doubleQuoted !== undefined) tokens.push({ kind: 'key', key: doubleQuoted });
    else tokens.push({ kind: 'wildcard' });
    rest = rest.slice(whole.length);
  }
  return tokens;
};

/** The first value at `path` in `doc` (a wildcard takes the first element), if any. */
export const exampleAt = (doc: unknown, path: string): unknown => {
  const tokens = parsePath(path);
  if (tokens === undefined) return undefined;
  return tokens.reduce<unknown>((node, token) => {
    switch (token.kind) {
      case 'key':
        return isRecord(node) ? node[token.key] : undefined;
      case 'index':
        return Array.isArray(node) ? (node as unknown[])[token.index] : undefined;
      case 'wildcard':
        if (Array.isArray(node)) return (node as unknown[])[0];
        return isRecord(node) ? Object.values(node)[0] : undefined;
    }
  }, doc);
};

/** `$.errors[*].status` under a prefix: `$.body.errors[*].status`. */
export const underPrefix = (prefix: string, path: string): string =>
  path === '$' ? prefix : path.startsWith('$') ? `${prefix}${path.slice(1)}` : `${prefix}.${path}`;
