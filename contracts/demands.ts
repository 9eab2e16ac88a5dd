/**
 * Demands beyond the published contract: a rule of a codec stricter than the
 * provider's published OpenAPI (a pattern on a plain string, a required field
 * the spec does not require, a header it does not list...). Each one must be
 * declared next to its codec with the reason, in terms of what the client does
 * with the value; `npm test` fails on an undeclared one, naming its path, and
 * `npm run report` lists them for the provider team.
 */
export type DemandKind =
  /** A type the published schema leaves free or states otherwise. */
  | 'type'
  /** An equality or enumeration on a value the published schema leaves (more) free. */
  | 'value'
  /** A regex on a string the published schema does not constrain so. */
  | 'pattern'
  /** A minimum number of array items the published schema does not state. */
  | 'minItems'
  /** A field or header that must be present where the published schema does not require it. */
  | 'required'
  /** A header the published response does not list. */
  | 'header';

export interface DeclaredDemand {
  /** The codec's name (`TokenResponseBody`). */
  readonly codec: string;
  /** Field path (`errors[*].code`) or header name (`Content-Type`). */
  readonly path: string;
  readonly kind: DemandKind;
  /** Why the client needs it: what it does with the value. */
  readonly reason: string;
}

/** The demands of one codec, declared where the codec is defined. */
export const declareDemands = (
  codec: { readonly name: string },
  demands: readonly Omit<DeclaredDemand, 'codec'>[],
): readonly DeclaredDemand[] => demands.map((demand) => ({ codec: codec.name, ...demand }));
