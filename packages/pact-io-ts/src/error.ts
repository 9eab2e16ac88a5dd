/** Why a codec could not be interpreted, with every problem naming its path and codec. */
import type { DecodeError } from './decode.js';

export interface DerivationProblem {
  /** Field path in the codec, e.g. `errors[0].source`; `(body)` for the root. */
  readonly path: string;
  /** Name of the codec at that path. */
  readonly codec: string;
  readonly reason: string;
}

export interface DerivationError {
  readonly _tag: 'DerivationError';
  /** Name of the codec that was being interpreted. */
  readonly codec: string;
  readonly problems: readonly DerivationProblem[];
  readonly message: string;
}

export const problem = (path: string, codec: string, reason: string): DerivationProblem => ({
  path: path === '' ? '(body)' : path,
  codec,
  reason,
});

export const derivationError = (
  codec: string,
  problems: readonly DerivationProblem[],
): DerivationError => ({
  _tag: 'DerivationError',
  codec,
  problems,
  message: `${codec}: ${problems.map((p) => `${p.path} (${p.codec}): ${p.reason}`).join('; ')}`,
});

/** An example the codec refuses: each decode problem becomes a derivation problem. */
export const invalidExample = (error: DecodeError): DerivationError =>
  derivationError(
    error.codec,
    error.problems.map((p) => ({
      path: p.path,
      codec: p.expected,
      reason: `the example is invalid: expected ${p.expected}, got ${p.actual}`,
    })),
  );
