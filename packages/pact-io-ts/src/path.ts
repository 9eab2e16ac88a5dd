/**
 * The one path notation of every interpreter and every message: `errors[*].code`
 * (any element of an array), `errors[0].code` (a decoded value's first), `headers.*`
 * (any value of a record), `(body)` for the root. A place in one JSON value (a
 * mutant's) is written as JSONPath (RFC 9535), the notation of Pact's matching
 * rules, where any member name can be written without ambiguity:
 * `$.errors[0].code`, `$['x.y']`, `$` for the body.
 */

/** Path of a field below `path`. */
export const fieldPath = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Path of the element at `index` of an array (`[*]`: every element). */
export const indexPath = (path: string, index: string) => `${path}[${index}]`;

/** Path of every element of an array. */
export const elementPath = (path: string) => indexPath(path, '*');

/** Path of every value of a record. */
export const valuesPath = (path: string) => fieldPath(path, '*');

/** A path as shown to people: `(body)` for the root. */
export const showPath = (path: string) => (path === '' ? '(body)' : path);

/** The body itself, in JSONPath. */
export const JSON_ROOT = '$';

/** RFC 9535 member-name shorthand (ASCII): a name written `.name`; any other is bracketed. */
const SHORTHAND = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A character of a bracketed name as RFC 9535 normalized paths escape it. */
const escapeChar = (c: string) => {
  if (c === '\\' || c === "'") return `\\${c}`;
  return c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
};

/** JSONPath of the member `key` of the value at `place`: `$.code`, `$['x.y']`. */
export const jsonFieldPath = (place: string, key: string) =>
  SHORTHAND.test(key) ? `${place}.${key}` : `${place}['${[...key].map(escapeChar).join('')}']`;

/** JSONPath of the element at `index` of the array at `place`: `$.errors[0]`. */
export const jsonIndexPath = (place: string, index: number) => `${place}[${index}]`;

/** A JSON object (not null, not an array). */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The object at `key` of `value`; `{}` where there is none (a document leaves it out). */
export const recordAt = (value: unknown, key: string): Readonly<Record<string, unknown>> => {
  const found = isRecord(value) ? value[key] : undefined;
  return isRecord(found) ? found : {};
};
