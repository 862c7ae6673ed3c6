/**
 * A TCP proxy of the test's own in front of PostgreSQL, so that a test can make the database unreachable for the
 * product alone (never the machine's PostgreSQL for everyone): `cut()` drops every connection and refuses new ones,
 * `mend()` lets them through again.
 */
import net from 'node:net';

export interface TcpProxy {
  /** `127.0.0.1:<port>`: where the product connects. */
  hostPort: string;
  cut(): void;
  mend(): void;
  close(): Promise<void>;
}

/** Listens on a free port and forwards each connection to `target` (`host:port`). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const socket of sockets) socket.destroy();
    },
    mend() {
      open = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
