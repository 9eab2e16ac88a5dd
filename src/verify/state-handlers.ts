/**
 * Pact state handlers for the embedded reference provider: one per state the
 * contract names, each setting the state up in the provider's own store and
 * handing back the values the pact injects (`fromProviderState`). Each setup
 * starts from a healthy provider, so no teardown is needed.
 */
import type { Verifier } from '@pact-foundation/pact';
import { ProviderStates } from '../../contracts/index.js';
import { setUpProviderState, type ProviderServices } from '../provider/index.js';

type StateHandlers = NonNullable<ConstructorParameters<typeof Verifier>[0]['stateHandlers']>;
type Params = Readonly<Record<string, unknown>>;

const paramsOf = (parameters: unknown): Params =>
  typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)
    ? (parameters as Params)
    : {};

export const embeddedStateHandlers = (services: ProviderServices): StateHandlers =>
  Object.fromEntries(
    Object.values(ProviderStates).map((name) => [
      name,
      (parameters?: unknown) =>
        setUpProviderState(services, { name, params: paramsOf(parameters) }),
    ]),
  );
