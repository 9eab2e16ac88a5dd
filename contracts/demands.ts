/**
 * Demands beyond the published contract: a rule of a codec stricter than the
 * provider's published OpenAPI (a pattern on a plain string, a required field
 * the spec does not require, a header it does not list...). Each one must be
 * declared next to its codec with the reason, in terms of what the client does
 * with the value; `npm test` fails on an undeclared one, naming its path, and
 * `npm run report` lists them for the provider team.
 */
export { declareDemands, type DeclaredDemand, type DemandKind } from 'pact-io-ts/openapi';
