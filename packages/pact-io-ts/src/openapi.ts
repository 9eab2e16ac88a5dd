/**
 * `pact-io-ts/openapi`: what a codec demands beyond a provider's published
 * OpenAPI 3.1 document. Each response codec is read as JSON Schema and
 * compared, path by path, with the published response of the same status; a
 * demand found is either declared next to the codec with the client's reason,
 * or reported. For any io-ts consumer of an API with a published document,
 * Pact or not; its own entry point keeps the core's surface small.
 */
export {
  auditDemands,
  auditProblems,
  declareDemands,
  demandsBeyondPublished,
  type DeclaredDemand,
  type Demand,
  type DemandAudit,
  type DemandKind,
  type DemandsError,
  type FoundDemand,
  type ResponseContract,
} from './demands.js';
export {
  publishedResponse,
  resolveRefs,
  type PublishedHeader,
  type PublishedResponse,
  type SpecError,
} from './published.js';
/** How every path a demand names is written: `errors[*].source`, `scopes.*`. */
export { elementPath, fieldPath, valuesPath } from './path.js';
/** How a JSON document (an OpenAPI one, a body) is read: its objects, and the object at a key. */
export { isRecord, recordAt } from './path.js';
