/**
 * What of a published OpenAPI document this project keeps as its copy (contracts/openapi/):
 * the operation this consumer calls, with the security that applies to it, every component it
 * refers to (transitively), the document's version and servers, and the list of the other
 * operations the document publishes (`x-other-operations`), so that a later check tells a new
 * operation from an old one. `npm run spec:check -- --adopt` writes exactly this.
 */
import { isRecord, recordAt } from '../four-sides/pact-io-ts.js';
import { OPERATION, OPERATION_KEY, pathItemOf } from '../four-sides/index.js';
import type { OpenApiDocument } from './source.js';

/** The copy's list of the operations it leaves out: `GET /v0/payables`, ... */
export const OTHER_OPERATIONS = 'x-other-operations';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Readonly<Record<string, unknown>>;

/**
 * `METHOD /path` of every operation `document` publishes but ours, in document order: those
 * under its paths, and those a copy lists in `x-other-operations`.
 */
export const otherOperations = (document: OpenApiDocument): readonly string[] => {
  const listed = document[OTHER_OPERATIONS];
  const underPaths = Object.entries(recordAt(document, 'paths')).flatMap(([path, item]) =>
    Object.keys(isRecord(item) ? item : {})
      .filter((key) => HTTP_METHODS.includes(key))
      .filter((method) => path !== OPERATION.path || method !== OPERATION_KEY)
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
  return [...new Set([...(Array.isArray(listed) ? listed.map(String) : []), ...underPaths])];
};

/** Every `$ref` string in `value`. */
const refsIn = (value: unknown): readonly string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (!isRecord(value)) return [];
  const own = typeof value['$ref'] === 'string' ? [value['$ref']] : [];
  return [...own, ...Object.values(value).flatMap(refsIn)];
};

/** `#/components/schemas/Error/properties/x` -> `schemas/Error` (kind and name, unescaped). */
const componentOf = (ref: string): string | undefined => {
  const [root, kind, name] = ref.replace(/^#\//, '').split('/');
  if (root !== 'components' || kind === undefined || name === undefined) return undefined;
  return `${kind}/${name.replace(/~1/g, '/').replace(/~0/g, '~')}`;
};

/** The components `roots` refer to, transitively, plus `also` (`kind/name`). */
const reachable = (
  document: OpenApiDocument,
  roots: readonly unknown[],
  also: readonly string[],
): ReadonlySet<string> => {
  const components = recordAt(document, 'components');
  const seen = new Set<string>();
  const queue = [...roots.flatMap(refsIn).flatMap((r) => componentOf(r) ?? []), ...also];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    const [kind = '', ...name] = next.split('/');
    const target = recordAt(components, kind)[name.join('/')];
    queue.push(...refsIn(target).flatMap((r) => componentOf(r) ?? []));
  }
  return seen;
};

/** The published components that are `kept`, in the document's order. */
const keptComponents = (document: OpenApiDocument, kept: ReadonlySet<string>): Json =>
  Object.fromEntries(
    Object.entries(recordAt(document, 'components'))
      .map(([kind, entries]) => [
        kind,
        Object.fromEntries(
          Object.entries(isRecord(entries) ? entries : {}).filter(([name]) =>
            kept.has(`${kind}/${name}`),
          ),
        ),
      ])
      .filter(([, entries]) => Object.keys(entries as Json).length > 0),
  );

/** The operation with the security that applies to it stated on it (the document's, unless its own). */
const withSecurity = (operation: Json, document: OpenApiDocument): Json =>
  operation['security'] !== undefined || document['security'] === undefined
    ? operation
    : { ...operation, security: document['security'] };

const schemesOf = (operation: Json): readonly string[] =>
  (Array.isArray(operation['security']) ? operation['security'] : []).flatMap(
    (requirement: unknown) =>
      isRecord(requirement) ? Object.keys(requirement).map((s) => `securitySchemes/${s}`) : [],
  );

const infoOf = (document: OpenApiDocument): Json => {
  const info = recordAt(document, 'info');
  const title = typeof info['title'] === 'string' ? info['title'] : 'the provider';
  const version = typeof info['version'] === 'string' ? info['version'] : '';
  const operation = `${OPERATION.method} ${OPERATION.path}`;
  return {
    title: `${title}: ${operation}`,
    version,
    description:
      `The provider's published contract for ${operation}, as ${title} ${version} publishes it: ` +
      `this project's copy, written by npm run spec:check -- --adopt. ${OTHER_OPERATIONS} lists ` +
      'the other operations the document publishes, which this consumer does not call.',
  };
};

/** The part of `published` this project keeps as its copy. */
export const fragmentOf = (published: OpenApiDocument): OpenApiDocument => {
  const item = pathItemOf(published);
  const found = item[OPERATION_KEY];
  const operation = isRecord(found) ? withSecurity(found, published) : undefined;
  // The path item as published (its parameters, servers...), without the other operations.
  const ownItem =
    operation === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(item)
            .filter(([key]) => !HTTP_METHODS.includes(key) || key === OPERATION_KEY)
            .map(([key, value]) => [key, key === OPERATION_KEY ? operation : value]),
        );
  const kept = reachable(
    published,
    ownItem === undefined ? [] : [ownItem],
    operation === undefined ? [] : schemesOf(operation),
  );
  const components = keptComponents(published, kept);
  return {
    openapi: published['openapi'],
    info: infoOf(published),
    ...(published['servers'] === undefined ? {} : { servers: published['servers'] }),
    paths: ownItem === undefined ? {} : { [OPERATION.path]: ownItem },
    ...(Object.keys(components).length === 0 ? {} : { components }),
    [OTHER_OPERATIONS]: otherOperations(published),
  };
};
