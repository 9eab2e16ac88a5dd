/**
 * Every secret the configuration may hold, for masking what CI keeps and what a command prints:
 * the broker's token and password, the provider-states secret, the live run's tokens, and the
 * password of any URL given with credentials.
 * A summary or an annotation outlives the log (and a log masks only GitHub's own secrets).
 */
import { read, type Env } from '../config/index.js';
import { ENV } from '../broker/config.js';
import { maskSecrets } from '../broker/mask.js';
import {
  PACT_URL_VARIABLE,
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  STATES_SECRET_VARIABLE,
} from '../verify/config.js';
import { LIVE_VARIABLES } from '../verify/live/decisions.js';

const URL_VARIABLES = [
  ENV.baseUrl,
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  PACT_URL_VARIABLE,
];

/** A URL's password, as written and decoded. */
const passwordsOf = (raw: string | undefined): string[] => {
  try {
    const { password } = new URL(raw ?? '');
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
};

const SECRET_VARIABLES = [
  ENV.token,
  ENV.password,
  STATES_SECRET_VARIABLE,
  LIVE_VARIABLES.token,
  LIVE_VARIABLES.expiredToken,
  LIVE_VARIABLES.suspendedToken,
];

export const secretsIn = (env: Env): readonly string[] => [
  ...SECRET_VARIABLES.flatMap((name) => read(env, name) ?? []),
  ...URL_VARIABLES.flatMap((name) => passwordsOf(read(env, name))),
];

/** Masks every secret of `env` in a text. */
export const maskedFor = (env: Env): ((text: string) => string) => maskSecrets(secretsIn(env));
