import net from 'node:net';

// A TCP proxy in front of the API that can lose answers: the request reaches the API, which does
// the work and answers, but the connection to the client is cut as the answer starts, as when a
// network fails at the worst moment. The client sees a network error, not a status.

export interface DroppingProxy {
  baseUrl: string;
  /** Cut the connection on the next `count` answers. */
  dropNextAnswers(count: number): void;
  /** Answers cut so far. */
  dropped(): number;
  close(): Promise<void>;
}

export async function startDroppingProxy(target: string): Promise<DroppingProxy> {
  const { hostname, port } = new URL(target);
  let toDrop = 0;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };

  const server = net.createServer((client) => {
    track(client);
    const upstream = track(net.connect(Number(port), hostname));
    client.pipe(upstream);
    // One request at a time per connection (HTTP/1.1 without pipelining): bytes arriving while a
    // drop is pending belong to the answer in flight.
    upstream.on('data', (chunk: Buffer) => {
      if (toDrop > 0) {
        toDrop -= 1;
        dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    dropNextAnswers: (count) => {
      toDrop = count;
    },
    dropped: () => dropped,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
