/**
 * Codec building blocks of this project's contracts. The constraint carriers
 * (`pattern`, `minItems`) come from pact-io-ts, so every interpreter reads them.
 */
import * as t from 'io-ts';
import { pattern } from 'pact-io-ts';

export { minItems, pattern } from 'pact-io-ts';

/**
 * Any non-empty string. `[\s\S]` rather than `.` so that the same pattern
 * means the same thing in JavaScript and in Pact's Rust regex engine.
 */
export const NonEmptyString = pattern(
  'NonEmptyString',
  /^[\s\S]+$/,
  'a-non-empty-string',
  'a non-empty string',
);

/** One field of a wire record: its name on the wire and its codec. */
export type Field = readonly [wireName: string, codec: t.Mixed];
export type Fields = Readonly<Record<string, Field>>;

export type WireProps<F extends Fields> = { [K in keyof F as F[K][0]]: F[K][1] };
export type DomainProps<F extends Fields> = { [K in keyof F]: F[K][1] };

/**
 * A JSON object whose wire field names differ from the domain's (snake_case
 * vs the SDK's camelCase), declared once as `domainName: [wireName, codec]`.
 * Gives the wire codec (what Pact and the provider read), the domain codec
 * and the codec that decodes wire to domain and encodes back.
 */
export const renamedRecord = <F extends Fields>(name: string, fields: F) => {
  const entries = Object.entries(fields);
  const wireProps = Object.fromEntries(entries.map(([, [wire, codec]]) => [wire, codec]));
  const domainProps = Object.fromEntries(entries.map(([domain, [, codec]]) => [domain, codec]));
  // The casts restate what the two mapped types above say about these objects.
  const wire = t.type(wireProps as WireProps<F>, `${name}Body`);
  const domain = t.type(domainProps as DomainProps<F>, name);
  type Wire = t.TypeOf<typeof wire>;
  type Domain = t.TypeOf<typeof domain>;
  const rename = (from: Readonly<Record<string, unknown>>, pairs: [string, string][]) =>
    Object.fromEntries(pairs.map(([source, target]) => [target, from[source]]));
  const toDomain = (w: Wire): Domain =>
    rename(
      w,
      entries.map(([domainName, [wireName]]) => [wireName, domainName]),
    ) as Domain;
  const toWire = (d: Domain): Wire =>
    rename(
      d,
      entries.map(([domainName, [wireName]]) => [domainName, wireName]),
    ) as Wire;
  const fromWire = new t.Type<Domain, t.OutputOf<typeof wire>, unknown>(
    name,
    domain.is,
    (u, c) => {
      const decoded = wire.validate(u, c);
      return decoded._tag === 'Left' ? decoded : t.success(toDomain(decoded.right));
    },
    (d) => wire.encode(toWire(d)),
  );
  return { wire, domain, fromWire, toDomain, toWire };
};
