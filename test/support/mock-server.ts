/**
 * Pact tests run through `untilRecorded`: the test body, then a wait until the
 * Pact mock server has recorded the requests it answered. ESLint refuses an
 * `executeTest` given anything else.
 *
 * pact-core 19 (pact-js >= 16.3) records a request's match on a background task
 * after answering it, so executeTest can check the mock server before the match
 * lands and report "expected but not received" for a request it answered
 * (pact-reference#535, pact-js#1835). No pact-core release for Node 20 changes
 * that. Polling the FFI call executeTest makes, until no expected request is
 * missing, closes the window without guessing a delay: the matches land in the
 * order the requests came, so the last expected one landing means all did.
 * When the deadline passes, executeTest reports the real mismatches as usual.
 */
import { setTimeout } from 'node:timers/promises';
import { makeConsumerPact } from '@pact-foundation/pact-core';
import type { V3MockServer } from '@pact-foundation/pact';

/** Long enough for a starved scheduler; only a failing test ever waits it out. */
const RECORDING_DEADLINE_MS = 2_000;
const POLL_INTERVAL_MS = 2;

// Mock servers are addressed by port across the whole FFI, so any pact handle can ask.
const probe = makeConsumerPact('mock-server-probe', 'mock-server-probe', 4, 'error');

const someExpectedRequestMissing = (port: number): boolean =>
  probe
    .mockServerMismatches(port)
    .some((result) => 'type' in result && result.type === 'missing-request');

const mockServerRecorded = async (port: number): Promise<void> => {
  const deadline = Date.now() + RECORDING_DEADLINE_MS;
  while (someExpectedRequestMissing(port) && Date.now() < deadline) {
    await setTimeout(POLL_INTERVAL_MS);
  }
};

/** The callback for `executeTest`: runs `test`, then waits for the recording to land. */
export const untilRecorded =
  <A>(test: (server: V3MockServer) => Promise<A>) =>
  async (server: V3MockServer): Promise<A> => {
    const result = await test(server);
    await mockServerRecorded(server.port);
    return result;
  };
