/**
 * The parts of the Pact CLI's `--output json` answers this project reads, as io-ts codecs.
 * Each codec asks only for what is used, so new fields in the CLI's output do not break it.
 */
import * as t from 'io-ts';

export const Notice = t.type({ text: t.string, type: t.string }, 'Notice');
export type Notice = t.TypeOf<typeof Notice>;

const Link = t.type({ href: t.string }, 'Link');

export const PublishOutput = t.partial(
  {
    notices: t.array(Notice),
    _links: t.partial({ 'pb:contracts': t.array(Link) }),
  },
  'PublishOutput',
);

export const CanIDeployOutput = t.intersection(
  [
    t.type({
      summary: t.type({
        /** true: yes; false: a failed verification; null: unknown (e.g. not verified yet). */
        deployable: t.union([t.boolean, t.null]),
        reason: t.string,
        success: t.number,
        failed: t.number,
        unknown: t.number,
      }),
    }),
    t.partial({ notices: t.array(Notice) }),
  ],
  'CanIDeployOutput',
);

export const Environment = t.intersection(
  [
    t.exact(t.type({ uuid: t.string, name: t.string })),
    t.exact(t.partial({ displayName: t.string, production: t.boolean })),
  ],
  'Environment',
);
export type Environment = t.TypeOf<typeof Environment>;

export const EnvironmentsOutput = t.type(
  { _embedded: t.type({ environments: t.array(Environment) }) },
  'EnvironmentsOutput',
);

export const DeploymentOutput = t.intersection(
  [
    t.exact(t.type({ uuid: t.string })),
    t.exact(t.partial({ currentlyDeployed: t.boolean, createdAt: t.string })),
  ],
  'DeploymentOutput',
);
