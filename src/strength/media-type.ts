/**
 * A `Content-Type` value read as RFC 9110 reads it (§8.3.1, §5.6.6): a type and a subtype, both
 * case-insensitive, then parameters, each `OWS ";" OWS [ name "=" ( token / quoted-string ) ]`,
 * names case-insensitive, a quoted value unescaped. What a parameter means is its media type's
 * business; reading it is the same for all.
 */
import * as E from 'fp-ts/lib/Either.js';
import { HTTP_OWS, HTTP_QUOTED_STRING, HTTP_TOKEN } from '../../contracts/index.js';

export interface MediaType {
  /** `type/subtype`, in lower case. */
  readonly essence: string;
  /** In order, names in lower case, values as sent (unquoted). */
  readonly parameters: readonly (readonly [name: string, value: string])[];
}

const ESSENCE = new RegExp(`^(${HTTP_TOKEN})/(${HTTP_TOKEN})`);
const PARAMETER = new RegExp(
  `^${HTTP_OWS};${HTTP_OWS}(?:(${HTTP_TOKEN})=(${HTTP_TOKEN}|${HTTP_QUOTED_STRING}))?`,
);

const unquoted = (value: string) =>
  value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;

/** The media type `value` names, or why it names none (quoted in the message, cut to 60 characters). */
export const parseMediaType = (value: string): E.Either<string, MediaType> => {
  // A field value carries no leading or trailing whitespace (RFC 9110 §5.5).
  const field = value.replace(/^[ \t]+|[ \t]+$/g, '');
  const essence = ESSENCE.exec(field);
  const refused = () =>
    E.left(`${JSON.stringify(value.slice(0, 60))} is no media type (RFC 9110 §8.3.1)`);
  if (essence === null) return refused();
  const parameters: (readonly [string, string])[] = [];
  let rest = field.slice(essence[0].length);
  while (rest !== '') {
    const parameter = PARAMETER.exec(rest);
    if (parameter === null || parameter[0] === '') return refused();
    const [read, name, parameterValue] = parameter;
    if (name !== undefined && parameterValue !== undefined)
      parameters.push([name.toLowerCase(), unquoted(parameterValue)]);
    rest = rest.slice(read.length);
  }
  return E.right({ essence: `${essence[1]}/${essence[2]}`.toLowerCase(), parameters });
};
