/**
 * The words of `pact-io-ts/strength`: an answer on the wire, a mutant of one,
 * a judge's verdicts and the stub that serves them.
 */

/** An HTTP answer as a provider sends it: the body as the raw text on the wire, undefined for none. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** One answer a provider could give instead of a recorded one. */
export interface WireMutant {
  /** Stable across runs with the same seed: `<interaction>/<path>#<operator>[:variant]`, `<interaction>/status#class:503`. */
  readonly id: string;
  /** The pact interaction's description. */
  readonly interaction: string;
  /** A body operator of `pact-io-ts/mutants`, or a wire one: `status`, `content-type`, `header`, `encoding`. */
  readonly operator: string;
  /** One line: what changed, e.g. `$.scope: the number 42`. */
  readonly description: string;
  /** What the stub serves. */
  readonly answer: WireAnswer;
  /** A body mutant's place: the codec's path there (`errors[*].code`), as a declared demand names it. */
  readonly codecPath?: string;
  /** A header's or Content-Type's mutant: the header's name, as recorded. */
  readonly header?: string;
}

export type Verdict = 'passes' | 'fails';

/** A judge decides many mutants at once, so that a costly judge (Pact's verifier) starts once. */
export interface Judge {
  readonly name: string;
  readonly judge: (
    mutants: readonly WireMutant[],
    stub: MutantStub,
  ) => Promise<ReadonlyMap<string, Verdict>>;
}

/**
 * A real HTTP server serving the mutants: `${baseUrlOf(id)}<any path>` answers mutant `id`;
 * any other path answers the mutant last `select`ed (for a verifier that has one base URL and
 * picks the mutant in a provider-state change).
 */
export interface MutantStub {
  readonly origin: string;
  readonly baseUrlOf: (id: string) => string;
  readonly select: (id: string) => void;
  readonly close: () => Promise<void>;
}
