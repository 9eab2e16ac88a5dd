import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { mutantsOf } from 'pact-io-ts/mutants';
import { Order, orderExample } from './order.js';

/** The answers orders-api could give instead of `orderExample`, with the verdict of `Order`. */
export const orderMutants = () =>
  pipe(
    mutantsOf(Order, orderExample, { seed: 42 }),
    E.map((mutants) =>
      mutants.map((m) => `${m.allowedByCodec ? 'allowed' : 'refused'}  ${m.description}`),
    ),
  );
