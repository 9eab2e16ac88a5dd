/**
 * POST /_pact/provider-states: Pact's state-change protocol over HTTP, for
 * verifiers that cannot call {@link setUpProviderState} in process. It exists
 * only when the app is built with a secret, and every call must present that
 * secret: left on, it lets anyone mint tokens and break the store.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { FastifyInstance } from 'fastify';
import * as t from 'io-ts';
import { decode, DOCUMENTED_ERRORS, errorBody } from '../../../contracts/index.js';
import { sameSecret } from '../secrets.js';
import type { ProviderServices } from '../services.js';
import {
  isProviderStateName,
  setUpProviderState,
  tearDownProviderState,
  UnknownProviderStateError,
} from '../states.js';
import { badRequestBody } from './token-route.js';
import { sendError, sendJson } from './replies.js';

export const PROVIDER_STATES_PATH = '/_pact/provider-states';
export const PROVIDER_STATES_SECRET_HEADER = 'x-provider-states-secret';
export const MIN_SECRET_LENGTH = 16;

/** The body Pact verifiers send (`--provider-states-setup-url`). */
export const StateChangeBody = t.intersection(
  [
    t.type({ state: t.string }),
    t.partial({
      params: t.UnknownRecord,
      action: t.keyof({ setup: null, teardown: null }),
    }),
  ],
  'StateChangeBody',
);

export const registerProviderStatesRoute = (
  app: FastifyInstance,
  services: ProviderServices,
  secret: string,
): void => {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(
      `provider states secret: expected at least ${MIN_SECRET_LENGTH} characters, got ${secret.length}`,
    );
  }
  app.post(PROVIDER_STATES_PATH, {
    onRequest: async (request, reply) => {
      const presented = request.headers[PROVIDER_STATES_SECRET_HEADER];
      if (typeof presented !== 'string' || !sameSecret(presented, secret)) {
        return sendError(reply, 401, PROVIDER_STATES_SECRET_HEADER);
      }
    },
    handler: async (request, reply) => {
      const decoded = decode(StateChangeBody)(request.body);
      if (E.isLeft(decoded)) return sendJson(reply, 400, badRequestBody(decoded.left));
      const { state, params = {}, action = 'setup' } = decoded.right;
      if (!isProviderStateName(state)) {
        const error = new UnknownProviderStateError(state);
        return sendJson(reply, 400, {
          errors: [{ code: DOCUMENTED_ERRORS[400].code, detail: error.message, source: 'state' }],
        });
      }
      try {
        if (action === 'teardown') {
          await tearDownProviderState(services, { name: state, params });
          return sendJson(reply, 200, {});
        }
        return sendJson(reply, 200, await setUpProviderState(services, { name: state, params }));
      } catch (error) {
        request.log.error({ err: error }, 'provider state change failed');
        return sendJson(reply, 500, errorBody(500));
      }
    },
  });
};
