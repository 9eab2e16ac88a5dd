/**
 * A consumer branch's pact that asks for more than the provider gives: the committed pact
 * plus one interaction, a copy of the successful refresh that also expects `expires_in`
 * (an integer) in the 200 body. The reference provider does not send it, so verifying this
 * pact fails on that interaction alone. Written into a temporary folder, never into pacts/.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { decode, INTERACTION } from '../../../contracts/index.js';
import { errorMessage, PROJECT_PACTS_DIR } from '../../../src/config/index.js';
import { PACT_FILE_NAME } from '../../consumer/pact-output.js';

const COMMITTED_PACT = join(PROJECT_PACTS_DIR, PACT_FILE_NAME);

export const EXPIRES_IN_DESCRIPTION = 'a refresh with a valid refresh token, telling its lifetime';

/** Only what is read or changed; everything else of the pact is carried over as it is. */
const SuccessInteraction = t.type({
  description: t.string,
  response: t.type({
    body: t.type({ content: t.UnknownRecord }),
    matchingRules: t.type({ body: t.UnknownRecord }),
  }),
});

const Pact = t.type({ interactions: t.array(t.UnknownRecord) });

const withExpiresIn = (interaction: t.TypeOf<typeof SuccessInteraction>) => ({
  ...interaction,
  description: EXPIRES_IN_DESCRIPTION,
  response: {
    ...interaction.response,
    body: {
      ...interaction.response.body,
      content: { ...interaction.response.body.content, expires_in: 3600 },
    },
    matchingRules: {
      ...interaction.response.matchingRules,
      body: {
        ...interaction.response.matchingRules.body,
        '$.expires_in': { combine: 'AND', matchers: [{ match: 'integer' }] },
      },
    },
  },
});

/** Writes the extended pact and returns the folder holding it (the pact file's only home). */
export const writeFeaturePact = (): E.Either<{ readonly message: string }, string> =>
  pipe(
    E.tryCatch(
      (): unknown => JSON.parse(readFileSync(COMMITTED_PACT, 'utf8')),
      (error) => `${COMMITTED_PACT}: not readable JSON (${errorMessage(error)})`,
    ),
    E.chain((json) =>
      pipe(
        decode(Pact)(json),
        E.mapLeft((err) => `${COMMITTED_PACT}: ${err.message}`),
      ),
    ),
    E.chain((pact) => {
      const success = pact.interactions.find(
        (i) => i['description'] === INTERACTION['refresh-succeeds'].description,
      );
      return pipe(
        decode(SuccessInteraction)(success),
        E.mapLeft((err) => `the successful refresh of the committed pact: ${err.message}`),
        E.map((interaction) => ({
          ...pact,
          interactions: [...pact.interactions, withExpiresIn(interaction)],
        })),
      );
    }),
    E.map((extended) => {
      const dir = mkdtempSync(join(tmpdir(), 'pact-feature-'));
      writeFileSync(join(dir, PACT_FILE_NAME), `${JSON.stringify(extended, null, 2)}\n`);
      return dir;
    }),
    E.mapLeft((message) => ({ message })),
  );
