/**
 * io-ts codecs say what they are in their `_tag` (`'StringType'`,
 * `'InterfaceType'`...). Reading it, not `instanceof`, recognises a codec built
 * with any copy of io-ts: a monorepo or a bundled library often installs two.
 */
export const tagOf = (codec: unknown): string => {
  if (typeof codec !== 'object' || codec === null || !('_tag' in codec)) return '';
  return typeof codec._tag === 'string' ? codec._tag : '';
};
