/**
 * Decoding with messages a person can act on: each problem names the field
 * path (`errors[0].code`) and what was expected. One definition, in pact-io-ts.
 */
export { decode, type DecodeError, type DecodeProblem } from 'pact-io-ts';
