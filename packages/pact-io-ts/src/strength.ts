/**
 * Entry point (`pact-io-ts/strength`, needs fast-check): a contract's strength
 * measured against the answers a provider could give instead of the recorded
 * ones. Each mutant is an HTTP answer as it goes on the wire; judges (the
 * user's client, Pact's verifier, a published spec) each decide on it, and the
 * harness reports where they disagree.
 */
export type { Judge, MutantStub, Verdict, WireAnswer, WireMutant } from './answer.js';
export { readPact, type PactFileError, type RecordedInteraction } from './pact-file.js';
export {
  mutantsOfPact,
  strengthOperators,
  type CodecOf,
  type PactMutantsOptions,
  type StrengthOperator,
} from './pact-mutants.js';
export {
  sampleMutants,
  scoreContract,
  type Client,
  type ClientError,
  type ClientVerdict,
  type ContractScore,
  type Disagreement,
  type DisagreementKind,
  type JudgeError,
  type MutantScore,
  type OperatorScore,
  type ScoreOptions,
  type StrengthError,
} from './score.js';
export { serveMutants, type Served, type StubError } from './stub.js';
export { wireOperators, type WireOperator } from './wire.js';
