/**
 * The second judge of `npm run strength`: Pact's own verifier (src/verify: the `pact verifier`
 * binary behind the relay) over one generated pact file that holds, for each mutant, its
 * recorded interaction renamed for it, the mutant's id in its provider states' params. The
 * state change selects that mutant on the stub, so each mutant is checked against its own
 * interaction only, and the verifier starts once for all of them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { Judge, MutantStub, Verdict, WireMutant } from 'pact-io-ts/strength';
import { errorMessage } from '../config/index.js';
import { isRecord } from '../four-sides/pact-io-ts.js';
import type { StateChange } from '../verify/state-change.js';
import { verifyProviderAt, type VerificationError } from '../verify/verify.js';

/** The provider state param that names the mutant to serve. */
export const MUTANT_PARAM = 'mutant';
/** The state of a mutant whose recorded interaction has none. */
const MUTANT_STATE = 'the provider answers with a mutant';

type Json = Readonly<Record<string, unknown>>;

/** The interaction's description in the generated pact: unique, and naming the mutant. */
export const mutantDescription = (mutant: WireMutant): string =>
  `${mutant.interaction} [mutant ${mutant.id}]`;

const withMutantParam = (interaction: Json, id: string): Json => {
  const states = Array.isArray(interaction['providerStates'])
    ? interaction['providerStates'].filter(isRecord)
    : [];
  return {
    ...interaction,
    providerStates: (states.length === 0 ? [{ name: MUTANT_STATE }] : states).map((state) => ({
      ...state,
      params: { ...(isRecord(state['params']) ? state['params'] : {}), [MUTANT_PARAM]: id },
    })),
  };
};

/**
 * A request without its matching rules: a provider's verifier sends the example and checks only
 * the response, and the verifier copies the whole pact for each interaction it verifies, so every
 * byte an interaction carries is paid once per mutant over all mutants (the request's
 * Content-Type pattern alone made 1156 mutants take 102 s).
 */
const withoutMatchingRules = (request: unknown): unknown => {
  if (!isRecord(request)) return request;
  const { matchingRules: _unused, ...sent } = request;
  return sent;
};

/**
 * `recorded` (a pact file's JSON) with its interactions replaced by one per mutant: the recorded
 * interaction of the same description, renamed and carrying the mutant's id; Left naming a
 * mutant whose interaction the pact does not record.
 */
export const mutantPact = (
  recorded: unknown,
  mutants: readonly WireMutant[],
): E.Either<string, Json> => {
  const interactions =
    isRecord(recorded) && Array.isArray(recorded['interactions'])
      ? recorded['interactions'].filter(isRecord)
      : [];
  const byDescription = new Map(interactions.map((i) => [i['description'], i]));
  const generated: Json[] = [];
  for (const mutant of mutants) {
    const interaction = byDescription.get(mutant.interaction);
    if (interaction === undefined)
      return E.left(`mutant ${mutant.id}: the pact records no interaction "${mutant.interaction}"`);
    generated.push({
      ...withMutantParam(interaction, mutant.id),
      description: mutantDescription(mutant),
      request: withoutMatchingRules(interaction['request']),
    });
  }
  return E.right({ ...(isRecord(recorded) ? recorded : {}), interactions: generated });
};

/** Each setup selects the mutant its params name; teardown has nothing to undo. */
const selecting =
  (stub: MutantStub): StateChange =>
  (state, action, params) => {
    const id = params[MUTANT_PARAM];
    if (action === 'teardown') return TE.right({});
    if (typeof id !== 'string')
      return TE.left({
        _tag: 'StateFailed',
        message: `provider state "${state}": no ${MUTANT_PARAM} param`,
      });
    return TE.tryCatch(
      () => {
        stub.select(id);
        return Promise.resolve({});
      },
      (error) => ({ _tag: 'StateFailed' as const, message: errorMessage(error) }),
    );
  };

const verdicts = (
  mutants: readonly WireMutant[],
  passed: ReadonlyMap<string, boolean>,
): E.Either<string, ReadonlyMap<string, Verdict>> => {
  const unjudged = mutants.filter((m) => !passed.has(mutantDescription(m)));
  return unjudged.length > 0
    ? E.left(
        `the verifier reported nothing on ${unjudged.length} mutant(s), ${unjudged[0]?.id ?? ''} first`,
      )
    : E.right(
        new Map(
          mutants.map((m) => [
            m.id,
            passed.get(mutantDescription(m)) === true ? 'passes' : 'fails',
          ]),
        ),
      );
};

const failure = (error: VerificationError): string => error.message;

/** Pact's verifier as a judge of the mutants of `pactFile`, each request waited for `timeoutMs`. */
export const pactJudge = (pactFile: string, timeoutMs: number): Judge => ({
  name: 'pact',
  judge: async (mutants, stub) => {
    const dir = await mkdtemp(join(tmpdir(), 'strength-pact-'));
    try {
      const generated = mutantPact(JSON.parse(await readFile(pactFile, 'utf8')), mutants);
      if (E.isLeft(generated)) throw new Error(generated.left);
      await writeFile(join(dir, basename(pactFile)), JSON.stringify(generated.right));
      const run = await verifyProviderAt({
        providerUrl: stub.origin,
        pacts: { _tag: 'Files', dir },
        stateChange: selecting(stub),
        name: 'the mutant stub',
        timeoutMs,
        // Selecting the next mutant replaces this one: nothing to tear down.
        teardown: false,
      })();
      const result = pipe(
        run,
        E.mapLeft(failure),
        E.flatMap(({ outcome }) =>
          verdicts(mutants, new Map(outcome.interactions.map((i) => [i.description, i.passed]))),
        ),
      );
      if (E.isLeft(result)) throw new Error(result.left);
      return result.right;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
});
