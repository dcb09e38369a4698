import WebSocket from 'ws';

/**
 * Many graphql-ws (graphql-transport-ws) subscribers over a few sockets, spoken by hand
 * on `ws` so that a delivery costs the bench one regex, not a JSON parse: at 10,000
 * subscribers the bench reads as many messages as the gateway sends.
 */
export interface SubscriberPool {
  /** Subscriptions whose socket acknowledged the connection. */
  live: number;
  /** Indexes (0 .. subscribers - 1) of those subscriptions. */
  liveIndexes(): readonly number[];
  /** Deliveries seen so far, all subscribers together. */
  delivered(): number;
  /** First `error` or `complete` payload a subscription got, if any. */
  problem(): string | null;
  /** Sockets that did not connect, and the first reason. */
  failedSockets: number;
  failure: string | null;
  close(): Promise<void>;
}

export interface SubscriberOptions {
  /** ws://host:port/graphql */
  url: string;
  subscribers: number;
  perSocket: number;
  query: string;
  /** Variables of subscriber `index` (0 .. subscribers - 1); default none. */
  variables?: (index: number) => Record<string, unknown>;
  /** Called with the marker found in a delivery (the first capture of `marker`) at the moment it arrived. */
  onDelivery: (mark: string, at: number) => void;
  /** Pulls the mark out of a raw `next` message. */
  marker: RegExp;
}

export async function openSubscribers(options: SubscriberOptions): Promise<SubscriberPool> {
  const sockets: WebSocket[] = [];
  let delivered = 0;
  let problem: string | null = null;
  let live = 0;
  const liveIndexes: number[] = [];
  const opening: Promise<void>[] = [];
  for (let first = 0; first < options.subscribers; first += options.perSocket) {
    const count = Math.min(options.perSocket, options.subscribers - first);
    const socket = new WebSocket(options.url, 'graphql-transport-ws');
    sockets.push(socket);
    opening.push(
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected connection_ack from ${options.url} within 15 s, got none`)), 15_000);
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
        socket.on('message', (data: Buffer) => {
          const text = data.toString('utf8');
          if (text.startsWith('{"type":"next"') || text.includes('"type":"next"')) {
            delivered++;
            const mark = options.marker.exec(text)?.[1];
            if (mark !== undefined) options.onDelivery(mark, performance.now());
            return;
          }
          const message = JSON.parse(text) as { type: string; id?: string; payload?: unknown };
          switch (message.type) {
            case 'connection_ack':
              clearTimeout(timer);
              for (let i = first; i < first + count; i++) {
                const payload = { query: options.query, ...(options.variables !== undefined && { variables: options.variables(i) }) };
                socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload }));
                liveIndexes.push(i);
              }
              live += count;
              resolve();
              break;
            case 'ping':
              socket.send(JSON.stringify({ type: 'pong' }));
              break;
            case 'error':
            case 'complete':
              problem ??= `${message.type}: ${JSON.stringify(message.payload ?? null).slice(0, 400)}`;
              break;
            default:
              break;
          }
        });
      }),
    );
  }
  const results = await Promise.allSettled(opening);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined && live === 0) {
    for (const socket of sockets) socket.terminate();
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return {
    failedSockets: failures.length,
    failure: failures[0] === undefined ? null : String(failures[0].reason),
    get live() {
      return live;
    },
    liveIndexes: () => liveIndexes,
    delivered: () => delivered,
    problem: () => problem,
    async close() {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.readyState === WebSocket.CLOSED) return resolve();
              socket.once('close', () => resolve());
              socket.close(1000);
              setTimeout(() => {
                socket.terminate();
                resolve();
              }, 2_000).unref();
            }),
        ),
      );
    },
  };
}

/**
 * `subscribers` spread evenly over several gateways (replicas): gateway k gets a
 * contiguous range of indexes, so `variables(index)` and `liveIndexes()` mean the same
 * as with one gateway. The pools open together; the result counts them as one.
 */
export async function openSubscribersOver(urls: readonly string[], subscribers: number, options: Omit<SubscriberOptions, 'url' | 'subscribers'>): Promise<SubscriberPool> {
  const share = Math.ceil(subscribers / urls.length);
  const pools = await Promise.all(urls.map((url, k) => {
    const first = k * share;
    const count = Math.max(0, Math.min(share, subscribers - first));
    const { variables } = options;
    return openSubscribers({ ...options, url, subscribers: count, ...(variables !== undefined && { variables: (index: number) => variables(first + index) }) })
      .then((pool) => ({ pool, first }));
  }));
  return {
    get live() {
      return pools.reduce((sum, { pool }) => sum + pool.live, 0);
    },
    liveIndexes: () => pools.flatMap(({ pool, first }) => pool.liveIndexes().map((index) => first + index)),
    delivered: () => pools.reduce((sum, { pool }) => sum + pool.delivered(), 0),
    problem: () => pools.map(({ pool }) => pool.problem()).find((problem) => problem !== null) ?? null,
    failedSockets: pools.reduce((sum, { pool }) => sum + pool.failedSockets, 0),
    failure: pools.map(({ pool }) => pool.failure).find((failure) => failure !== null) ?? null,
    async close() {
      await Promise.all(pools.map(({ pool }) => pool.close()));
    },
  };
}
