/**
 * The messages between a verification and the verifier process that runs pact-js's Verifier
 * for it (./verifier-pool.ts, ./verifier-process.ts). The Verifier's options cross as data;
 * its hooks stay with the verification: each provider request and each state change the
 * Verifier's proxy receives comes back as a message and is answered by one.
 */
import type { VerifierOptions } from '@pact-foundation/pact';
import type * as http from 'node:http';
import type { ProviderAnswer } from './exchange.js';

/** The Verifier's options that are functions: they are called by message instead. */
type Hooks = 'requestFilter' | 'stateHandlers' | 'beforeEach' | 'afterEach' | 'messageProviders';

/** The options that cross to the verifier process. */
export type VerifierData = Omit<VerifierOptions, Hooks>;

/** pact-js's state handlers: a function (setup only) or `{ setup, teardown }`, per state. */
export type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** One state's handler, and its plain-function form (setup only). */
export type StateHandler = StateHandlers[string];
export type StateFunction = Extract<StateHandler, (params?: never) => unknown>;
/** Values a setup hands the pact (`fromProviderState`). */
export type StateValues = Exclude<Awaited<ReturnType<StateFunction>>, void>;

/** Which phases a state's handler has (pact-js calls a plain function on setup only). */
export interface Phases {
  readonly setup: boolean;
  readonly teardown: boolean;
}

/**
 * Which phases each state's handler has; under ANY_STATE, the phases of the handler that
 * answers every state name no handler names (`forAnyState`, below).
 */
export type StatePhases = Readonly<Record<string, Phases>>;

/** Where `forAnyState`'s handlers show the handler they give any state (no state is named so). */
export const ANY_STATE = '\u0000any state';

/**
 * State handlers that answer for any state name, `handlerFor(name)`: a state no handler names
 * (one from a broker's pact, say) still reaches the verification, instead of pact-js's "no state
 * handler found" (pact-js looks a handler up by the state's name). `named` are answered first.
 */
export const forAnyState = (
  handlerFor: (state: string) => StateHandler,
  named: StateHandlers = {},
): StateHandlers =>
  new Proxy(named, {
    get: (target, name) =>
      typeof name === 'string' && !(name in Object.prototype)
        ? (target[name] ?? handlerFor(name))
        : undefined,
  });

export type StateAction = 'setup' | 'teardown';

/** A provider request as the Verifier's proxy received it, its body as pact-js would send it. */
export interface ForwardedRequest {
  readonly method: string;
  /** Path and query, as the verifier asked for them. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Uint8Array;
}

/**
 * What the verifier is answered in place of the provider when a request was not sent, and why
 * (the run stopped, its state failed, a live run does not send it...).
 */
export const notSent = (why: string): ProviderAnswer => ({
  status: 503,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: Buffer.from(`not sent: ${why}`),
});

/** What a state handler gave back: values for the pact (`fromProviderState`), or why it failed. */
export type StateResult =
  | { readonly ok: true; readonly values: StateValues | undefined }
  | { readonly ok: false; readonly message: string };

export type ToVerifier =
  | {
      readonly kind: 'verify';
      readonly options: VerifierData;
      readonly states: StatePhases;
    }
  | { readonly kind: 'answer'; readonly id: number; readonly answer: ProviderAnswer }
  | { readonly kind: 'state-done'; readonly id: number; readonly result: StateResult };

export type FromVerifier =
  | { readonly kind: 'request'; readonly id: number; readonly request: ForwardedRequest }
  | {
      readonly kind: 'state';
      readonly id: number;
      readonly state: string;
      readonly action: StateAction;
      readonly params: unknown;
    }
  /** Something threw in the verifier process, outside any promise: the run must stop. */
  | { readonly kind: 'crash'; readonly message: string }
  /** The run ended: what the Verifier resolved or rejected with (its JSON report, or why not). */
  | { readonly kind: 'done'; readonly text: string };

/**
 * Written on the verifier process's stdout after each run, once the Rust verifier's report
 * (which it prints there, and nowhere else) is out: everything before it is that run's report.
 */
export const END_OF_REPORT = '\u0001end of the verifier report\u0001\n';
