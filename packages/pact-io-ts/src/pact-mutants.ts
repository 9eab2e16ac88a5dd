/**
 * Every mutant of a pact: for each HTTP interaction, the body mutants of its
 * recorded body (`mutantsOf` with the interaction's codec, each serialised as
 * the provider would send it) and the wire mutants of its recorded answer.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as O from 'fp-ts/lib/Option.js';
import type * as t from 'io-ts';
import type { WireMutant } from './answer.js';
import { derivationError, problem, type DerivationError } from './error.js';
import { mutantsOf, mutationOperators, type MutationOperator } from './mutants.js';
import { readPact, type PactFileError, type RecordedInteraction } from './pact-file.js';
import { wireMutantsOf, wireOperators, type WireOperator } from './wire.js';

/** Every operator: the body's (`pact-io-ts/mutants`), then the wire's. */
export const strengthOperators = [...mutationOperators, ...wireOperators] as const;
export type StrengthOperator = MutationOperator | WireOperator;

/** The codec of an interaction's response body; `undefined`: no body mutants for it. */
export type CodecOf = (interaction: RecordedInteraction) => t.Mixed | undefined;

export interface PactMutantsOptions {
  /** The seed of every drawn value (default 1): the same seed gives the same mutants. */
  readonly seed?: number;
  /** Values drawn at each place (default 1; 0 draws none). */
  readonly draws?: number;
  /** The operators to apply (default: all of {@link strengthOperators}). */
  readonly operators?: readonly StrengthOperator[];
}

const isBodyOperator = (o: string): o is MutationOperator =>
  (mutationOperators as readonly string[]).includes(o);
const isWireOperator = (o: string): o is WireOperator =>
  (wireOperators as readonly string[]).includes(o);

const bodyMutantsOf = (
  interaction: RecordedInteraction,
  codec: t.Mixed,
  options: { seed: number; draws: number; operators: readonly MutationOperator[] },
): E.Either<DerivationError, readonly WireMutant[]> =>
  pipe(
    interaction.json,
    E.fromOption(() =>
      derivationError(codec.name, [
        problem('', codec.name, 'the recorded response has no JSON body'),
      ]),
    ),
    E.flatMap((json) => mutantsOf(codec, json, options)),
    E.mapLeft((error) => ({ ...error, message: `${interaction.description}: ${error.message}` })),
    E.map((mutants) =>
      mutants.map((m) => ({
        id: `${interaction.description}/${m.id}`,
        interaction: interaction.description,
        operator: m.operator,
        description: m.description,
        answer: { ...interaction.answer, body: JSON.stringify(m.body) },
        codecPath: m.codecPath,
      })),
    ),
  );

/**
 * The mutants of `interactions`, in their order: each one's body mutants, then
 * its wire mutants. A codec the fold refuses, or a recorded body it does not
 * decode, is a DerivationError naming the interaction; invalid options throw.
 */
export const mutantsOfInteractions = (
  interactions: readonly RecordedInteraction[],
  codecOf: CodecOf,
  { seed = 1, draws = 1, operators = strengthOperators }: PactMutantsOptions = {},
): E.Either<DerivationError, readonly WireMutant[]> => {
  const unknown = operators.filter((o) => !isBodyOperator(o) && !isWireOperator(o));
  if (unknown.length > 0) throw new Error(`mutantsOfPact: no operator ${unknown.join(', ')}`);
  const body = operators.filter(isBodyOperator);
  const wire = { seed, draws, operators: operators.filter(isWireOperator) };
  return pipe(
    interactions,
    E.traverseArray((interaction) =>
      pipe(
        O.fromNullable(body.length === 0 ? undefined : codecOf(interaction)),
        O.match(
          () => E.right<DerivationError, readonly WireMutant[]>([]),
          (codec) => bodyMutantsOf(interaction, codec, { seed, draws, operators: body }),
        ),
        E.map((mutants) => [...mutants, ...wireMutantsOf(interaction, wire)]),
      ),
    ),
    E.map((each) => each.flat()),
  );
};

/** The mutants of every HTTP interaction of the pact file at `pactFile`. */
export const mutantsOfPact = (
  pactFile: string,
  codecOf: CodecOf,
  options: PactMutantsOptions = {},
): E.Either<PactFileError | DerivationError, readonly WireMutant[]> =>
  pipe(
    readPact(pactFile),
    E.flatMap<
      readonly RecordedInteraction[],
      PactFileError | DerivationError,
      readonly WireMutant[]
    >((interactions) => mutantsOfInteractions(interactions, codecOf, options)),
  );
