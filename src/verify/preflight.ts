/**
 * Before a run: the provider, its state-change URL and the broker each answer, or the run does
 * not start. One line names the variable, the URL and the cause, within the timeout.
 */
import * as TE from 'fp-ts/lib/TaskEither.js';
import { ENV } from '../broker/config.js';
import { brokerUp, checkReachable, type Unreachable } from '../broker/reachability.js';
import {
  PROVIDER_URL_VARIABLE,
  STATE_CHANGE_URL_VARIABLE,
  type VerificationConfig,
} from './config.js';

export const checkTargets = (config: VerificationConfig): TE.TaskEither<Unreachable, void> => {
  const { provider, pacts, timeouts } = config;
  const checks = [
    ...(provider._tag === 'Deployment'
      ? [checkReachable(PROVIDER_URL_VARIABLE, provider.baseUrl, timeouts.providerMs)]
      : []),
    ...(provider._tag === 'Deployment' && provider.stateChangeUrl !== undefined
      ? [checkReachable(STATE_CHANGE_URL_VARIABLE, provider.stateChangeUrl, timeouts.providerMs)]
      : []),
    ...(pacts._tag === 'Broker'
      ? [checkReachable(ENV.baseUrl, pacts.broker.baseUrl, timeouts.brokerMs, brokerUp)]
      : []),
  ];
  // All at once: a run with three silent targets fails in one timeout, not three.
  return TE.asUnit(TE.sequenceArray(checks));
};
