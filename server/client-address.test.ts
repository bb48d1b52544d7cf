// @vitest-environment node
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';

import { addressBucket, clientAddress, normalizeAddress, parseTrustProxy } from './client-address';

/** The address the server would use for a request from `socket` carrying `forwardedFor`. */
const seen = async (trustProxy: string | undefined, socket: string, forwardedFor?: string) => {
  const app = new Hono();
  const trust = parseTrustProxy(trustProxy);
  app.get('/', (c) => c.text(clientAddress(c, trust)));
  const res = await app.request(
    '/',
    { headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor } },
    { incoming: { socket: { remoteAddress: socket } } },
  );
  return res.text();
};

describe('client address (TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For unless told to trust a proxy', async () => {
    for (const off of [undefined, '', 'off', 'false', '0', 'no']) {
      expect(await seen(off, '198.51.100.9', '203.0.113.5')).toBe('198.51.100.9');
    }
  });

  it('with a number of hops, takes the address that many steps back from the socket', async () => {
    expect(await seen('1', '127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    // A client that forges the header only adds entries in front of what our proxy appended.
    expect(await seen('1', '127.0.0.1', '10.9.9.9, 203.0.113.5')).toBe('203.0.113.5');
    expect(await seen('2', '127.0.0.1', '10.9.9.9, 203.0.113.5, 192.168.1.2')).toBe('203.0.113.5');
    // Fewer hops in the header than configured: the farthest one given.
    expect(await seen('3', '127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
    expect(await seen('1', '127.0.0.1')).toBe('127.0.0.1');
  });

  it('with a list of proxies, walks back over them only', async () => {
    const trust = '127.0.0.1, 10.0.0.0/8';
    expect(await seen(trust, '127.0.0.1', '203.0.113.5, 10.1.2.3')).toBe('203.0.113.5');
    // A request that does not come through a trusted proxy: its header is not believed at all.
    expect(await seen(trust, '198.51.100.9', '203.0.113.5')).toBe('198.51.100.9');
    expect(await seen('loopback', '::1', '2001:db8::7')).toBe('2001:db8::7');
    expect(await seen('loopback', '::ffff:127.0.0.1', '203.0.113.5')).toBe('203.0.113.5');
  });

  it('never throws on a malformed header, and stops a start on a setting it cannot read', async () => {
    expect(await seen('1', '127.0.0.1', 'not an address, ,,')).toBe('unknown');
    expect(await seen('1', '127.0.0.1', `${'9'.repeat(5000)}`)).toBe('unknown');
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('300.1.1.1')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('999')).toThrow(/TRUST_PROXY/);
  });

  it('normalises mapped IPv4 and counts IPv6 per /64 (what one subscriber can change at will)', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('nope')).toBe('unknown');
    expect(addressBucket('192.0.2.1')).toBe('192.0.2.1');
    expect(addressBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8:1:2:bbbb::9')).toBe(addressBucket('2001:db8:1:2:aaaa::1'));
  });
});
