/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. The contract
 * promises delay-seconds; the date form is accepted too because proxies and
 * gateways in front of a provider emit it.
 */
import * as O from 'fp-ts/lib/Option.js';

const DELAY_SECONDS = /^[0-9]+$/;
/** IMF-fixdate, the form RFC 9110 requires senders to use: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE =
  /^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/;

/**
 * Whole seconds to wait, from the header value and the current time (epoch ms).
 * A date in the past means 0; a missing or unreadable value means None.
 */
export const parseRetryAfter = (value: string | null, nowMs: number): O.Option<number> => {
  if (value === null) return O.none;
  const trimmed = value.trim();
  if (DELAY_SECONDS.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds) ? O.some(seconds) : O.none;
  }
  if (!IMF_FIXDATE.test(trimmed)) return O.none;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? O.none : O.some(Math.max(0, Math.ceil((at - nowMs) / 1000)));
};
