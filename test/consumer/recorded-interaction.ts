/**
 * A catalogue entry (contracts/interactions.ts) as a Pact V4 interaction: every
 * header and body rule derived from the entry's codecs, the provider state and
 * the injected values taken from the entry. Nothing about the contract is
 * written here a second time.
 */
import { HTTPResponseStatusClass, MatchersV3, type PactV4 } from '@pact-foundation/pact';
// pact-js does not export the builder types from its root.
import type { V4InteractionWithResponse } from '@pact-foundation/pact/src/v4/http/types.js';
import {
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  type Interaction,
} from '../../contracts/index.js';
import { headerMatchersFor, matchersFor } from 'pact-io-ts';

/** Pact's provider-state expression for a state value: `${refreshToken}`. */
const expression = (stateValue: string) => `\${${stateValue}}`;

const injections = (interaction: Interaction): Record<string, string> =>
  Object.fromEntries(
    Object.entries(interaction.request.fromProviderState).map(([field, value]) => [
      field,
      expression(value),
    ]),
  );

/** The response's status, or a matcher of its class when any status of the class will do. */
const statusOf = ({ status, statusClass }: Interaction['response']) =>
  statusClass === 'success'
    ? MatchersV3.matchStatus(status, HTTPResponseStatusClass.Success)
    : status;

export const recordedInteraction = (
  pact: PactV4,
  interaction: Interaction,
): V4InteractionWithResponse => {
  const { request, response, state } = interaction;
  return pact
    .addInteraction()
    .given(state.name, { ...state.params })
    .uponReceiving(interaction.description)
    .withRequest(TOKEN_REFRESH_METHOD, TOKEN_REFRESH_PATH, (builder) => {
      builder.headers(headerMatchersFor(request.headers, request.headersExample)).jsonBody(
        matchersFor(request.body, request.bodyExample, {
          fromProviderState: injections(interaction),
        }),
      );
    })
    .willRespondWith(statusOf(response), (builder) => {
      builder
        .headers(headerMatchersFor(response.headers, response.headersExample))
        .jsonBody(matchersFor(response.body, response.bodyExample));
    });
};
