// A certificate authority of the structure's own, for a Sillon that has no domain name and serves
// tablets on the local network only: the authority is installed once on each tablet (install page,
// server/tls/install-page.ts), then the server's certificate for its LAN addresses is issued and
// renewed here without anyone touching the tablets again.
//
// What the tablets require (checked against Apple's « Requirements for trusted certificates in iOS 13
// and macOS 10.15 » and Chromium's certificate verifier): ECDSA P-256 with SHA-256, names only in the
// subjectAltName, extendedKeyUsage serverAuth, a server certificate valid at most 825 days (we use 397)
// and a CA with basicConstraints CA:TRUE. The authority is name-constrained to private addresses and
// local names, so that its key, should it leak from the data folder, cannot impersonate any public site.
// @peculiar/x509 2.x needs a Reflect polyfill loaded before it (its README, « Reflect Polyfill Required »).
import 'reflect-metadata';

import { randomBytes, X509Certificate as NodeX509, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';

import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

import { needsRenewal, type TlsPair } from './certificates';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const CA_DAYS = 3650;
const SERVER_DAYS = 397;

/** Private and link-local ranges (RFC 1918, 6598, 4193, 3927), loopback: what a LAN server can be. */
const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
];
/** Names that only resolve inside a network (mDNS, RFC 8375, common home routers). */
const LOCAL_SUFFIXES = ['local', 'lan', 'home.arpa', 'internal', 'localhost'];

const subtle = webcrypto.subtle;

const pemKey = async (key: webcrypto.CryptoKey): Promise<string> =>
  x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');

const importKey = (pem: string): Promise<webcrypto.CryptoKey> =>
  subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), ALGORITHM, false, ['sign']);

const serial = (): string => {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f; // a positive INTEGER
  return bytes.toString('hex');
};

/** Writes a file atomically (a crash never leaves half a key), private files readable by the owner only. */
export const writeAtomic = (file: string, content: string, secret = false): void => {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: secret ? 0o600 : 0o644 });
  if (secret) chmodSync(temp, 0o600);
  renameSync(temp, file);
};

/** The machine's addresses on its networks (not loopback), as tablets would reach it. */
export const lanAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i): i is NonNullable<typeof i> => !!i)
    // IPv4, and IPv6 unique-local addresses (a link-local one needs a zone, unusable in a URL).
    .filter((i) => !i.internal && (i.family === 'IPv4' || /^f[cd]/i.test(i.address)))
    .map((i) => i.address);

/** Whether a name or address falls under the authority's constraints. */
export const isLocalName = (name: string, extra: readonly string[] = []): boolean => {
  const lower = name.toLowerCase();
  if (isIP(lower)) return privateRanges.check(lower, isIP(lower) === 6 ? 'ipv6' : 'ipv4');
  return [...LOCAL_SUFFIXES, ...extra.map((e) => e.toLowerCase())].some(
    (s) => lower === s || lower.endsWith(`.${s}`),
  );
};

const privateRanges = new BlockList();
for (const range of PRIVATE_RANGES) {
  const [base, bits] = range.split('/') as [string, string];
  privateRanges.addSubnet(base, Number(bits), isIP(base) === 6 ? 'ipv6' : 'ipv4');
}

const nameConstraints = (names: readonly string[]): x509.Extension => {
  const dns = [...new Set([...LOCAL_SUFFIXES, ...names.filter((n) => !isIP(n)).map((n) => n.toLowerCase())])];
  const subtrees = new GeneralSubtrees([
    ...dns.map((value) => new GeneralSubtree({ base: new GeneralName({ dNSName: value }) })),
    ...PRIVATE_RANGES.map((value) => new GeneralSubtree({ base: new GeneralName({ iPAddress: value }) })),
  ]);
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: subtrees }));
  return new x509.Extension('2.5.29.30', true, value);
};

export interface LocalCaFiles {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

export const localCaFiles = (dir: string): LocalCaFiles => ({
  caCert: join(dir, 'sillon-ca.crt'),
  caKey: join(dir, 'sillon-ca.key'),
  cert: join(dir, 'server.crt'),
  key: join(dir, 'server.key'),
});

export interface LocalAuthority {
  /** The authority's certificate (PEM), the file tablets install. */
  caPem: string;
  /** SHA-256 fingerprint, « AB:CD:… », to compare on the tablet. */
  fingerprint: string;
  /** Names and addresses the authority may sign for beyond the built-in local ones. */
  names: string[];
}

/** Creates the authority on first use (and keeps it: tablets trust this one). */
export const loadOrCreateAuthority = async (
  dir: string,
  names: readonly string[],
  now = new Date(),
): Promise<LocalAuthority> => {
  const files = localCaFiles(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(files.caCert) || !existsSync(files.caKey)) {
    // The machine's own name (« bureau-pc ») is allowed by name, as the configured ones are.
    const host = hostname().toLowerCase();
    const allowed = /^[a-z0-9-]+$/.test(host) ? [...names, host] : [...names];
    const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const label = `Sillon ${hostname().slice(0, 40)} ${now.toISOString().slice(0, 10)}`;
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: [{ CN: [label] }, { O: ['Sillon (autorité locale)'] }],
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY),
      signingAlgorithm: ALGORITHM,
      keys: keys as unknown as CryptoKeyPair,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        nameConstraints(allowed),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKey),
      ],
    });
    writeAtomic(files.caKey, await pemKey(keys.privateKey), true);
    writeAtomic(files.caCert, ca.toString('pem'));
  }
  const caPem = readFileSync(files.caCert, 'utf8');
  const parsed = new NodeX509(caPem);
  return { caPem, fingerprint: parsed.fingerprint256, names: permittedNames(caPem) };
};

/** The extra DNS names the authority was created with (it cannot sign others). */
const permittedNames = (caPem: string): string[] => {
  const ca = new x509.X509Certificate(caPem);
  const ext = ca.getExtension('2.5.29.30');
  if (!ext) return [];
  const parsed = AsnConvert.parse(ext.value, NameConstraints);
  return [...(parsed.permittedSubtrees ?? [])]
    .map((s) => s.base.dNSName)
    .filter((n): n is string => !!n && !LOCAL_SUFFIXES.includes(n));
};

/** The names a server certificate of this authority should carry on this machine now. */
export const wantedNames = (configured: readonly string[], authority: LocalAuthority): string[] => {
  const host = hostname().toLowerCase();
  // Most reachable first: the names the structure chose, the LAN addresses, then the machine's names.
  const all = [
    ...configured,
    ...lanAddresses().sort((a, b) => isIP(a) - isIP(b)),
    ...(/^[a-z0-9-]+$/.test(host) ? [`${host}.local`, host] : []),
    'localhost',
    '127.0.0.1',
  ];
  return [...new Set(all.map((n) => n.toLowerCase()))].filter((n) => isLocalName(n, authority.names));
};

const covers = (cert: NodeX509, names: readonly string[]): boolean =>
  names.every((n) => (isIP(n) ? cert.checkIP(n) !== undefined : cert.checkHost(n) !== undefined));

/**
 * The server certificate for `names`, issued again when it is missing, due for renewal, does not
 * cover every name, or was not signed by this authority. Returns whether it was issued now.
 */
export const ensureServerCertificate = async (
  dir: string,
  names: readonly string[],
  now = new Date(),
): Promise<{ pair: TlsPair; issued: boolean }> => {
  const files = localCaFiles(dir);
  const caPem = readFileSync(files.caCert, 'utf8');
  const ca = new NodeX509(caPem);
  if (existsSync(files.cert) && existsSync(files.key)) {
    const pair = { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
    const current = new NodeX509(pair.cert);
    if (current.verify(ca.publicKey) && covers(current, names) && !needsRenewal(current, now)) {
      return { pair: { ...pair, cert: pair.cert }, issued: false };
    }
  }
  const signingKey = await importKey(readFileSync(files.caKey, 'utf8'));
  const keys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caCert = new x509.X509Certificate(caPem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [names.find((n) => !isIP(n) && n !== 'localhost') ?? names[0] ?? 'sillon'] }],
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + SERVER_DAYS * DAY),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey as unknown as CryptoKey,
    signingKey: signingKey as unknown as CryptoKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        names.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value })),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as unknown as CryptoKey),
    ],
  });
  // The chain a tablet needs: the server's certificate, then the authority's.
  const pair = { cert: `${cert.toString('pem')}\n${caPem.trim()}\n`, key: await pemKey(keys.privateKey) };
  writeAtomic(files.key, pair.key, true);
  writeAtomic(files.cert, pair.cert);
  return { pair, issued: true };
};
