/**
 * The refresh lifecycle the reference provider implements (src/provider/token-service.ts) and
 * the client follows (src/client), as one sequence diagram: each success rotates the refresh
 * token within its family, a 429 leaves the token unspent and the client retries it after
 * Retry-After, and a rotated token presented again revokes the whole family.
 *
 * The steps are data: each attempt names the catalogue interaction whose answer it gets, so
 * statuses and the state name come from contracts/interactions.ts, and
 * test/report/lifecycle.test.ts replays the calls with the real client against the real
 * provider.
 */
import {
  CONSUMER_NAME,
  INTERACTION,
  PROVIDER_NAME,
  ProviderStates,
  TOKEN_REFRESH_METHOD,
  TOKEN_REFRESH_PATH,
  type InteractionKey,
  type ProviderStateName,
} from '../../contracts/index.js';
import {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
} from '../client/index.js';
import { statusLine } from './diagrams.js';
import {
  answer,
  noteBeside,
  noteOver,
  request,
  sequenceDiagram,
  type Participant,
} from './mermaid.js';

/** The refresh tokens of one family, in the order the provider issues them. */
export type TokenLabel = 'RT1' | 'RT2' | 'RT3';

/** Who presents a token: the client, or a copy of an old token (leaked, or restored). */
export type Presenter = 'client' | 'stale copy';

/** One request and its answer, as the catalogue's interaction of that key answers. */
export interface LifecycleAttempt {
  readonly answer: InteractionKey;
  /** What the provider did, shown beside it after the answer, line by line. */
  readonly provider?: readonly string[];
}

export interface LifecycleCall {
  readonly _tag: 'Call';
  readonly by: Presenter;
  readonly presents: TokenLabel;
  /** One call of the client: it retries after a 429 only, with the same token. */
  readonly attempts: readonly [LifecycleAttempt, ...LifecycleAttempt[]];
  /** The refresh token of the successful answer. */
  readonly receives?: TokenLabel;
  /** What the client does with the answer, line by line. */
  readonly client?: readonly string[];
}

export interface LifecycleStart {
  readonly _tag: 'Start';
  readonly state: ProviderStateName;
  readonly holds: TokenLabel;
}

export type LifecycleStep = LifecycleStart | LifecycleCall;

export const LIFECYCLE: readonly [LifecycleStart, ...LifecycleCall[]] = [
  { _tag: 'Start', state: ProviderStates.validRefreshToken, holds: 'RT1' },
  {
    _tag: 'Call',
    by: 'client',
    presents: 'RT1',
    attempts: [
      {
        answer: 'refresh-succeeds',
        provider: ['rotation: RT1 is spent,', 'RT2 issued in the same family'],
      },
    ],
    receives: 'RT2',
    client: ['the token holder stores RT2', 'before anyone gets the new access token'],
  },
  {
    _tag: 'Call',
    by: 'client',
    presents: 'RT2',
    attempts: [
      {
        answer: 'rate-limited',
        provider: [
          "the family's refreshes of this window are used up:",
          'RT2 stays unspent, Retry-After says when the window ends',
        ],
      },
      { answer: 'refresh-succeeds', provider: ['a new window: RT2 is spent, RT3 issued'] },
    ],
    receives: 'RT3',
  },
  {
    _tag: 'Call',
    by: 'stale copy',
    presents: 'RT1',
    attempts: [
      {
        answer: 'rotated-refresh-token',
        provider: ['a rotated token came back (RFC 9700 §4.14):', 'the whole family is revoked'],
      },
    ],
  },
  {
    _tag: 'Call',
    by: 'client',
    presents: 'RT3',
    attempts: [
      {
        answer: 'rotated-refresh-token',
        provider: ['RT3 belongs to the revoked family:', 'refused like any spent token'],
      },
    ],
    client: ['the client needs a new grant:', 'the family is gone'],
  },
];

const seconds = (ms: number) => `${ms / 1000} s`;

/** What the client does between a 429 and the next attempt (src/client/client.ts). */
const RETRY_NOTE = [
  'the client waits Retry-After (it gives up',
  `above ${seconds(DEFAULT_MAX_DELAY_MS)}; without one, ${seconds(DEFAULT_BASE_DELAY_MS)}, then twice as long)`,
  `and sends the same token again: ${DEFAULT_MAX_ATTEMPTS} attempts in all`,
];

const PARTICIPANTS = {
  client: { id: 'C', label: CONSUMER_NAME },
  provider: { id: 'P', label: PROVIDER_NAME },
  stale: { id: 'S', label: 'a stale copy of RT1 (leaked, or restored from a backup)' },
} as const satisfies Record<string, Participant>;

const presenter = (by: Presenter): Participant =>
  by === 'client' ? PARTICIPANTS.client : PARTICIPANTS.stale;

const answerText = (key: InteractionKey, receives: TokenLabel | undefined): string => {
  const head = statusLine(INTERACTION[key].response.status);
  return INTERACTION[key].response.status === 200 && receives !== undefined
    ? `${head}: a new access token and ${receives}`
    : head;
};

const callStatements = (call: LifecycleCall): string[] => {
  const from = presenter(call.by);
  const { provider } = PARTICIPANTS;
  const attempt = ({ answer: key, provider: done }: LifecycleAttempt, n: number): string[] => [
    ...(n > 0 ? [noteBeside('left', from, RETRY_NOTE)] : []),
    request(from, provider, [
      `${TOKEN_REFRESH_METHOD} ${TOKEN_REFRESH_PATH}`,
      `refresh_token: ${call.presents}`,
    ]),
    answer(provider, from, [answerText(key, call.receives)]),
    ...(done === undefined ? [] : [noteBeside('right', provider, done)]),
  ];
  return [
    ...call.attempts.flatMap(attempt),
    ...(call.client === undefined ? [] : [noteBeside('left', from, call.client)]),
  ];
};

/** The lifecycle as a ```mermaid block. */
export const lifecycleDiagram = (steps: typeof LIFECYCLE = LIFECYCLE): string[] => {
  const [start, ...calls] = steps;
  const { client, provider, stale } = PARTICIPANTS;
  return sequenceDiagram(
    [client, provider, stale],
    [
      noteOver(
        [client, provider],
        [
          `given ${start.state}`,
          `the client holds ${start.holds}, the first refresh token of its family`,
        ],
      ),
      ...calls.flatMap(callStatements),
    ],
  );
};

/** The report's section. */
export const renderLifecycle = (): string[] => [
  '# The refresh lifecycle',
  '',
  'What the reference provider does over several refreshes of one token family, and what the ' +
    `client does in turn. Each answer is the one the catalogue records for that case; ` +
    '`npm test` replays these calls with the real client against the real provider.',
  '',
  ...lifecycleDiagram(),
];
