/** What of a message's headers goes on to the next hop (the verifier process needs only this). */
import type * as http from 'node:http';

/** Headers of one connection (RFC 9110 §7.6.1), and the two each hop sets itself. */
const HOP_BY_HOP = new Set([
  ...['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer'],
  ...['transfer-encoding', 'upgrade', 'host', 'content-length'],
]);

export const endToEnd = (headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
