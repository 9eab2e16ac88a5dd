/** How CI names an interaction: its description, and the provider states it is given in. */

/** `a refresh with an expired refresh token (given a client holds an expired refresh token)`. */
export const interactionCaseName = ({
  description,
  providerStates,
}: {
  readonly description: string;
  readonly providerStates: readonly string[];
}): string =>
  providerStates.length === 0
    ? description
    : `${description} (given ${providerStates.join(' and ')})`;
