/**
 * This project's contract as `pact-io-ts/strength` scores it: the codec of each recorded
 * interaction's answer (the catalogue's entry of the same description) and the real client
 * (src/client), its result reduced to what its callers observe (src/client/outcome.ts).
 */
import type { Client, CodecOf } from 'pact-io-ts/strength';
import { INTERACTIONS } from '../../contracts/index.js';
import { createTokenRefreshClient, outcomeOf } from '../client/index.js';

/** The catalogue's response codec for a pact interaction; none for one it does not declare. */
export const catalogueCodecOf: CodecOf = (interaction) =>
  INTERACTIONS.find((i) => i.description === interaction.description)?.response.body;

/** What the client sends: the stub answers whatever it is sent. */
const SENT_TOKEN = 'rt_strength';

/**
 * One refresh by the real client against `baseUrl`. One attempt: the stub gives every attempt
 * the same answer, so a retried 429 ends as the first did, only later.
 */
export const refreshClient =
  (timeoutMs: number): Client =>
  async (baseUrl) =>
    outcomeOf(
      await createTokenRefreshClient({ baseUrl, timeoutMs, retry: { maxAttempts: 1 } }).refresh(
        SENT_TOKEN,
      )(),
    );
