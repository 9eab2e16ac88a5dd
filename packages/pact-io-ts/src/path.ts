/**
 * The one path notation of every interpreter and every message: `errors[*].code`
 * (any element of an array), `errors[0].code` (a decoded value's first), `headers.*`
 * (any value of a record), `(body)` for the root.
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

/** A JSON object (not null, not an array). */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The object at `key` of `value`; `{}` where there is none (a document leaves it out). */
export const recordAt = (value: unknown, key: string): Readonly<Record<string, unknown>> => {
  const found = isRecord(value) ? value[key] : undefined;
  return isRecord(found) ? found : {};
};
