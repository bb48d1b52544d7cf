// A loopback TCP relay in front of the server that counts the bytes each way, headers included:
// what crossed the wire, whatever the browser reports. CDP's `loadingFinished` undercounts a body
// read as a stream (the sync's pulled pages): 259–278 KB reported where the server sent 667 KB.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface ByteCounter {
  /** The relay's origin: open the page there so that every request goes through it. */
  baseURL: string;
  /** Bytes sent by the server (down) and by the browser (up) since the last reset. */
  read: () => { down: number; up: number };
  reset: () => void;
  close: () => Promise<void>;
}

export const startByteCounter = async (target: string): Promise<ByteCounter> => {
  const { hostname, port } = new URL(target);
  let down = 0;
  let up = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => void (up += chunk.length));
    upstream.on('data', (chunk: Buffer) => void (down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = relay.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${relayPort}`,
    read: () => ({ down, up }),
    reset: () => {
      down = 0;
      up = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        relay.close(() => resolve());
      }),
  };
};
