/**
 * What the four sides and `npm run spec:check` take from pact-io-ts's OpenAPI and demands
 * modules, imported here only: one place to follow the package's entry points.
 */
export {
  auditDemands,
  auditProblems,
  demandsBeyondPublished,
  elementPath,
  fieldPath,
  publishedResponse,
  resolveRefs,
  valuesPath,
  type DemandAudit,
  type PublishedResponse,
  type ResponseContract,
  type SpecError,
} from 'pact-io-ts/openapi';

/** A JSON object, as the documents and bodies compared here are read. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** The object at `key` of `value`; `{}` where there is none (a document leaves it out). */
export const recordAt = (value: unknown, key: string): Readonly<Record<string, unknown>> => {
  const found = isRecord(value) ? value[key] : undefined;
  return isRecord(found) ? found : {};
};
