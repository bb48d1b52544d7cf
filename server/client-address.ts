// The address of the person's device, for sign-in throttling and logs of refusals.
//
// Behind a reverse proxy (Caddy, nginx, a département's load balancer) every request arrives from
// the proxy, and the device's address is in `X-Forwarded-For`. That header is written by whoever
// sends the request, so it is believed only as far as TRUST_PROXY says:
//
//   TRUST_PROXY unset, '', 'off', 'false', '0'   the socket's address; X-Forwarded-For is ignored
//   TRUST_PROXY=1 (a number of hops)             the last N hops are our proxies: the address N
//                                                steps back from the socket is the client
//   TRUST_PROXY=127.0.0.1,10.0.0.0/8,loopback    the proxies' addresses or subnets (and proxy-addr's
//                                                names loopback, linklocal, uniquelocal): the client
//                                                is the first address, from the socket back, that
//                                                is not one of them
//
// The walk back is proxy-addr's (the one Express uses), so a forged header in front of our own
// proxy's entry never counts.
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';

export type TrustProxy = (address: string, hop: number) => boolean;

const NONE: TrustProxy = () => false;

/** Reads TRUST_PROXY (see above); throws on a value it cannot understand, so a typo stops the start. */
export const parseTrustProxy = (value: string | undefined): TrustProxy => {
  const text = (value ?? '').trim();
  if (text === '' || /^(off|false|no|0)$/i.test(text)) return NONE;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 20) throw new Error(`TRUST_PROXY: ${hops} proxies en chaîne, vraiment ? (au plus 20)`);
    return (_address, hop) => hop < hops;
  }
  if (/^(on|true|yes|all)$/i.test(text)) {
    throw new Error(
      'TRUST_PROXY=true ferait croire n’importe quel en-tête X-Forwarded-For : donnez le nombre de proxys ou leurs adresses.',
    );
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(
      `TRUST_PROXY invalide (${text}) : ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
};

/** The socket's peer address (undefined in in-process tests, where there is no socket). */
const socketAddress = (c: Context): string | undefined => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress;
};

/** IPv4-mapped IPv6 (::ffff:192.0.2.1) as plain IPv4; anything unparsable as 'unknown'. */
export const normalizeAddress = (address: string | undefined): string => {
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  return ipaddr.process(address).toString();
};

/**
 * The client's address for this request, under the given trust. Never throws: a malformed header
 * only means the nearest trusted hop's own address is used.
 */
export const clientAddress = (c: Context, trust: TrustProxy = NONE): string => {
  const socket = socketAddress(c) ?? '127.0.0.1';
  if (trust === NONE) return normalizeAddress(socket);
  const request = {
    headers: { 'x-forwarded-for': c.req.header('x-forwarded-for') ?? '' },
    socket: { remoteAddress: socket },
  } as unknown as IncomingMessage;
  try {
    return normalizeAddress(proxyaddr(request, trust));
  } catch {
    return normalizeAddress(socket);
  }
};

/**
 * The part of an address that one person controls: an IPv6 host gets a whole /64 from its
 * provider (it can change the rest at will), so throttling counts per /64; IPv4 per address.
 */
export const addressBucket = (address: string): string => {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
};
