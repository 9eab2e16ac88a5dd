/**
 * Interpreter: the rules a codec enforces, in plain words, one per path
 * ("token_type must equal Bearer"), for reports read by people who do not read
 * io-ts. Array elements are shown as `[*]`: the rule holds for every element.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { derivationError, problem, type DerivationError } from './error.js';
import { fieldPath, nodeOf, type LiteralValue } from './schema.js';
import { all, fail, type Result } from './validation.js';

export interface Rule {
  /** Field path, `errors[*].code` style; `(body)` for the whole value. */
  readonly path: string;
  readonly rule: string;
}

const show = (value: LiteralValue) => String(value);

const rulesAt = (codec: t.Mixed, path: string): Result<readonly Rule[]> => {
  const node = nodeOf(codec);
  const shown = path === '' ? '(body)' : path;
  const rule = (text: string): Result<readonly Rule[]> =>
    E.right([{ path: shown, rule: `${shown} ${text}` }]);
  switch (node.kind) {
    case 'string':
      return rule('must be a string');
    case 'number':
      return rule('must be a number');
    case 'integer':
      return rule('must be an integer');
    case 'boolean':
      return rule('must be true or false');
    case 'literal':
      return rule(`must equal ${show(node.value)}`);
    case 'enum':
      return rule(`must be one of ${node.values.map(show).join(', ')}`);
    case 'pattern':
      return rule(`must match ${node.codec.pattern.source} (${node.codec.meaning})`);
    case 'array': {
      const { min } = node;
      const size =
        min === 0
          ? 'an array (possibly empty)'
          : `an array of at least ${min} item${min === 1 ? '' : 's'}`;
      return pipe(
        rulesAt(node.element, `${path}[*]`),
        E.map((element) => [{ path: shown, rule: `${shown} must be ${size}` }, ...element]),
      );
    }
    case 'object':
      return pipe(
        all([
          ...node.required.map(([key, field]) => rulesAt(field, fieldPath(path, key))),
          ...node.optional.map(([key]) => {
            const at = fieldPath(path, key);
            return E.right([
              {
                path: at,
                rule: `${at} is optional: not part of the contract (Pact cannot say "may be absent")`,
              },
            ]);
          }),
        ]),
        E.map((groups) => [
          ...(path === '' ? [] : [{ path: shown, rule: `${shown} must be an object` }]),
          ...groups.flat(),
        ]),
      );
    case 'unsupported':
      return fail(problem(path, codec.name, node.reason));
  }
};

/** Every rule `codec` enforces, in plain words, in field order. */
export const describeRules = (codec: t.Mixed): E.Either<DerivationError, readonly Rule[]> =>
  pipe(
    rulesAt(codec, ''),
    E.mapLeft((problems) => derivationError(codec.name, problems)),
  );
