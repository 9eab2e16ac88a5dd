/**
 * The part of a Pact V4 JSON file this project reads (the report, verification,
 * the pipeline), as io-ts codecs. HTTP interactions are
 * decoded in full; other interaction types (messages) only by type and description, so that
 * a pact holding them still renders.
 */
import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import * as t from 'io-ts';
import { decode } from '../../contracts/index.js';
import { errorMessage } from '../config/index.js';

export type PactFileError =
  | { readonly _tag: 'ReadFailed'; readonly file: string; readonly message: string }
  | { readonly _tag: 'NotJson'; readonly file: string; readonly message: string }
  | { readonly _tag: 'NotAPact'; readonly file: string; readonly message: string }
  | { readonly _tag: 'NoPacts'; readonly message: string };

export const Matcher = t.intersection(
  [
    t.type({ match: t.string }),
    t.partial({
      regex: t.string,
      min: t.number,
      max: t.number,
      value: t.unknown,
      format: t.string,
      status: t.unknown,
      variants: t.unknown,
      rules: t.unknown,
    }),
  ],
  'Matcher',
);
export type Matcher = t.TypeOf<typeof Matcher>;

export const RuleList = t.intersection(
  [
    t.type({ matchers: t.array(Matcher) }),
    t.partial({ combine: t.keyof({ AND: null, OR: null }) }),
  ],
  'RuleList',
);
export type RuleList = t.TypeOf<typeof RuleList>;

/** `path` and `status` hold one rule list; the other categories one per JSON path or name. */
export const RuleCategory = t.union([RuleList, t.record(t.string, RuleList)], 'RuleCategory');
export type RuleCategory = t.TypeOf<typeof RuleCategory>;

export const MatchingRules = t.record(t.string, RuleCategory, 'MatchingRules');
export type MatchingRules = t.TypeOf<typeof MatchingRules>;

export const Generator = t.intersection(
  [t.type({ type: t.string }), t.partial({ expression: t.string, dataType: t.string })],
  'Generator',
);
export type Generator = t.TypeOf<typeof Generator>;

export const Generators = t.record(
  t.string,
  t.union([Generator, t.record(t.string, Generator)]),
  'Generators',
);
export type Generators = t.TypeOf<typeof Generators>;

export const Body = t.intersection(
  [
    t.type({ content: t.unknown }),
    t.partial({ contentType: t.string, encoded: t.union([t.boolean, t.string]) }),
  ],
  'Body',
);
export type Body = t.TypeOf<typeof Body>;

const HeaderValues = t.record(t.string, t.union([t.string, t.array(t.string)]), 'Headers');

const Parts = t.partial({
  headers: HeaderValues,
  body: Body,
  matchingRules: MatchingRules,
  generators: Generators,
});

export const HttpRequest = t.intersection(
  [
    t.type({ method: t.string, path: t.string }),
    Parts,
    t.partial({ query: t.record(t.string, t.union([t.string, t.array(t.string)])) }),
  ],
  'HttpRequest',
);
export type HttpRequest = t.TypeOf<typeof HttpRequest>;

export const HttpResponse = t.intersection([t.type({ status: t.number }), Parts], 'HttpResponse');
export type HttpResponse = t.TypeOf<typeof HttpResponse>;

export const ProviderState = t.intersection(
  [t.type({ name: t.string }), t.partial({ params: t.record(t.string, t.unknown) })],
  'ProviderState',
);
export type ProviderState = t.TypeOf<typeof ProviderState>;

const InteractionHead = t.intersection(
  [
    t.type({ type: t.string, description: t.string }),
    t.partial({ providerStates: t.array(ProviderState), pending: t.boolean }),
  ],
  'Interaction',
);

export const HTTP_INTERACTION = 'Synchronous/HTTP';

export const HttpInteraction = t.intersection(
  [
    InteractionHead,
    t.type({ type: t.literal(HTTP_INTERACTION), request: HttpRequest, response: HttpResponse }),
  ],
  'HttpInteraction',
);
export type HttpInteraction = t.TypeOf<typeof HttpInteraction>;
export type OtherInteraction = t.TypeOf<typeof InteractionHead>;
export type Interaction = HttpInteraction | OtherInteraction;

export const isHttp = (i: Interaction): i is HttpInteraction =>
  i.type === HTTP_INTERACTION && 'request' in i;

/** An interaction decoded by its `type`: a malformed HTTP one is an error, not "other". */
export const InteractionCodec = new t.Type<Interaction, unknown, unknown>(
  'Interaction',
  (u): u is Interaction => InteractionHead.is(u),
  (u, c) => {
    const head = InteractionHead.validate(u, c);
    if (E.isLeft(head)) return head;
    if (head.right.type !== HTTP_INTERACTION) return head;
    // Same position, decoded as HTTP: error paths read `interactions[0].request.method`.
    const last = c[c.length - 1];
    return HttpInteraction.validate(
      u,
      last === undefined ? c : [...c.slice(0, -1), { ...last, type: HttpInteraction }],
    );
  },
  t.identity,
);

export const PactFile = t.intersection(
  [
    t.type({
      consumer: t.type({ name: t.string }),
      provider: t.type({ name: t.string }),
      interactions: t.array(InteractionCodec),
    }),
    t.partial({
      metadata: t.partial({ pactSpecification: t.type({ version: t.string }) }),
    }),
  ],
  'PactFile',
);
export type PactFile = t.TypeOf<typeof PactFile>;

/** Decodes an already-parsed pact; Left names each path that is not as V4 defines it. */
export const decodePact = (file: string, json: unknown): E.Either<PactFileError, PactFile> =>
  pipe(
    decode(PactFile)(json),
    E.mapLeft((err): PactFileError => ({
      _tag: 'NotAPact',
      file,
      message: `${file} is not a valid V4 pact: ${err.message}`,
    })),
  );

/** Reads, parses and decodes one pact file. */
export const readPactFile = (file: string): TE.TaskEither<PactFileError, PactFile> =>
  pipe(
    TE.tryCatch(
      () => readFile(file, 'utf8'),
      (e): PactFileError => ({
        _tag: 'ReadFailed',
        file,
        message: `cannot read ${file}: ${errorMessage(e)}`,
      }),
    ),
    TE.flatMapEither((text) =>
      E.tryCatch(
        () => JSON.parse(text) as unknown,
        (e): PactFileError => ({
          _tag: 'NotJson',
          file,
          message: `${file} is not JSON: ${errorMessage(e)}`,
        }),
      ),
    ),
    TE.flatMapEither((json) => decodePact(file, json)),
  );
