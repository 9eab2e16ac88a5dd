/**
 * pact-io-ts: Pact matchers, canonical examples, plain-words rules, JSON
 * Schema and branch coverage, all read from the same io-ts codec by one fold.
 * The fast-check arbitraries are `pact-io-ts/arbitrary`; the comparison with a
 * published OpenAPI document is `pact-io-ts/openapi`.
 */
export {
  deriveHeaderMatchers,
  deriveMatchers,
  headerMatchersFor,
  matchersFor,
  type CombinedMatcher,
  type DeriveOptions,
  type Template,
} from './matchers.js';
export { exampleOf } from './example.js';
export { describeRules, wordsWith, type Rule, type Shown } from './describe.js';
export { toJsonSchema, type JsonSchema, type JsonType } from './json-schema.js';
export {
  branchCoverage,
  branchesOf,
  uncoveredBranches,
  type Branch,
  type BranchCoverage,
  type ExampleUse,
} from './branches.js';
export { decode, type DecodeError, type DecodeProblem } from './decode.js';
export {
  brandedPattern,
  minItems,
  pattern,
  type MinItemsType,
  type Pattern,
  type PatternType,
} from './primitives.js';
export type { DerivationError, DerivationProblem } from './error.js';
export {
  interpret,
  refuse,
  type Algebra,
  type At,
  type Field,
  type LiteralValue,
  type Member,
  type NonEmpty,
  type Result,
  type Union,
} from './fold.js';
