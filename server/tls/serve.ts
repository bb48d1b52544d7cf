// Starts the listeners for a configuration (config.ts): plain HTTP, or HTTPS (HTTP/2 with HTTP/1.1
// for older clients) plus the HTTP side on port 80. A renewed or replaced certificate is taken with
// setSecureContext: new connections get it, open ones finish with the old one, nothing restarts.
import { createServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

import type { Logger } from '../log';
import { AcmeCertificates } from './acme';
import type { CertificateSource, TlsPair } from './certificates';
import type { ListenConfig } from './config';
import { FileCertificates } from './files';
import { createHttpSide } from './http-side';
import { LocalCertificates } from './local';

export interface Listeners {
  /** Ports actually bound (0 in the configuration picks a free one). */
  ports: { http?: number; https?: number };
  source?: CertificateSource;
  /** Resolves once HTTPS listens (at once in plain mode; after the first certificate with ACME). */
  httpsReady: Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server | Http2SecureServer, port: number, host: string): Promise<number> =>
  new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok((server.address() as AddressInfo).port);
    });
  });

/** Tracks open connections so that close() does not wait for idle keep-alive sockets. */
const closable = (server: Server | Http2SecureServer) => {
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  return () =>
    new Promise<void>((ok) => {
      if (!server.listening) return ok();
      server.close(() => ok());
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    });
};

export const createSource = (config: ListenConfig, logger: Logger): CertificateSource | undefined => {
  const { mode, tlsDir } = config;
  switch (mode.kind) {
    case 'plain':
      return undefined;
    case 'files':
      return new FileCertificates(mode.cert, mode.key, logger);
    case 'local':
      return new LocalCertificates(join(tlsDir, 'local-ca'), mode.names, logger);
    case 'acme':
      return new AcmeCertificates({
        dir: join(tlsDir, 'acme'),
        domains: mode.domains,
        directoryUrl: mode.directoryUrl,
        logger,
        ...(mode.email ? { email: mode.email } : {}),
        ...(mode.directoryCa ? { directoryCa: mode.directoryCa } : {}),
      });
  }
};

export const startListeners = async (
  config: ListenConfig,
  app: Hono,
  logger: Logger,
  source: CertificateSource | undefined = createSource(config, logger),
): Promise<Listeners> => {
  const listener = getRequestListener(app.fetch);
  if (!source) {
    const server = createServer(listener);
    const close = closable(server);
    const port = await listen(server, config.port, config.host);
    return { ports: { http: port }, httpsReady: Promise.resolve(), close };
  }

  // HTTP first: ACME's http-01 challenge comes through it before there is any certificate.
  const httpServer = createServer();
  const closeHttp = closable(httpServer);
  const httpPort = await listen(httpServer, config.httpPort, config.host);
  let https: Http2SecureServer | undefined;
  let closeHttps = async (): Promise<void> => undefined;
  let httpsPort: number | undefined;
  let ready!: () => void;
  const httpsReady = new Promise<void>((ok) => (ready = ok));
  const listeners: Listeners = {
    ports: { http: httpPort },
    source,
    httpsReady,
    close: async () => {
      source.stop();
      await Promise.all([closeHttp(), closeHttps()]);
    },
  };

  let starting: Promise<void> | undefined;
  const startHttps = (pair: TlsPair): Promise<void> =>
    (starting ??= (async () => {
      https = createSecureServer({ allowHTTP1: true, key: pair.key, cert: pair.cert }, listener);
      closeHttps = closable(https);
      httpsPort = await listen(https, config.httpsPort, config.host);
      listeners.ports.https = httpsPort;
      logger.info('listening', { port: httpsPort, tls: true });
      ready();
    })());
  const onChange = (pair: TlsPair) => {
    if (https) https.setSecureContext({ key: pair.key, cert: pair.cert });
    else
      void startHttps(pair).catch((error: unknown) =>
        logger.error('listen_failed', { error: String(error) }),
      );
  };
  httpServer.on(
    'request',
    getRequestListener(
      createHttpSide({
        source,
        httpsPort: () => httpsPort ?? config.httpsPort,
        httpPort,
        ...(source instanceof LocalCertificates ? { authority: () => source.authority } : {}),
      }).fetch,
    ),
  );
  await source.start(onChange);
  if (source.pair) await startHttps(source.pair);
  return listeners;
};
