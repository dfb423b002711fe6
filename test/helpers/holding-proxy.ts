import { AddressInfo, Server, Socket, createServer, connect } from 'node:net';

/**
 * A TCP relay between the gateway and the emulator that can hold one answer on its way back: the
 * emulator has produced it (from the state at that moment), the gateway has not received it yet.
 * That is a slow network, which the emulator's own latency (applied before answering) cannot make.
 */
export class HoldingProxy {
  private armed = false;
  private held: { client: Socket; chunks: Buffer[] } | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(upstreamPort: number): Promise<HoldingProxy> {
    let proxy!: HoldingProxy;
    const server = createServer((client) => {
      const upstream = connect(upstreamPort, '127.0.0.1');
      proxy.sockets.add(client).add(upstream);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => proxy.relay(client, chunk));
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    proxy = new HoldingProxy(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next answer to come back (on any connection) is held until `release()`. */
  holdNextAnswer(): void {
    this.armed = true;
  }

  get holding(): boolean {
    return this.held !== undefined;
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    this.armed = false;
    for (const chunk of held?.chunks ?? []) held!.client.write(chunk);
  }

  async close(): Promise<void> {
    this.release();
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket, chunk: Buffer): void {
    if (this.armed && !this.held) {
      this.armed = false;
      this.held = { client, chunks: [] };
    }
    if (this.held?.client === client) this.held.chunks.push(chunk);
    else client.write(chunk);
  }
}
