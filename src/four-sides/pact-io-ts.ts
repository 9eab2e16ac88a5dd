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
  isRecord,
  publishedResponse,
  recordAt,
  resolveRefs,
  valuesPath,
  type DemandAudit,
  type PublishedResponse,
  type ResponseContract,
  type SpecError,
} from 'pact-io-ts/openapi';
