import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { WebSocketServer } from 'ws';

/**
 * How the gateway's one HTTP server stops. New connections are refused and idle
 * keep-alive connections closed at once; requests under way may finish, and their
 * answers carry `connection: close` so their connections end with them (a new request
 * on such a connection before that gets 503); graphql-ws
 * closes every websocket with 1001 Going away. At `deadlineMillis` whatever is still open
 * (a request waiting on a hanging vendor, a websocket peer that never answers the close)
 * is destroyed, so the drain always ends by the deadline.
 */
export interface DrainOutcome {
  /** True when every connection ended by itself before the deadline. */
  clean: boolean;
  /** HTTP connections (requests under way) destroyed at the deadline. */
  cutConnections: number;
  /** Websockets destroyed at the deadline. */
  cutWebsockets: number;
  durationMillis: number;
}

export interface Drain {
  /** Runs the drain when Apollo Server stops (its drainServer phase, while operations still execute). */
  plugin: ApolloServerPlugin;
  /** What the drain did; null before it ran. */
  outcome(): DrainOutcome | null;
}

export function createDrain(app: FastifyInstance, wsServer: WebSocketServer, deadlineMillis: number): Drain {
  let outcome: DrainOutcome | null = null;
  let draining = false;
  // A keep-alive connection whose request started before the drain would stay open, idle,
  // after its answer until the deadline; answering with `connection: close` ends it then.
  // Callback style: no promise per response on the hot path.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  async function drain(): Promise<DrainOutcome> {
    draining = true;
    const started = Date.now();
    const cut = { connections: 0, websockets: 0 };
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      const websockets = [...wsServer.clients];
      // Every TCP connection of the server, less the websockets: the HTTP connections still busy.
      app.server.getConnections((_error, open) => {
        cut.connections = Math.max(0, open - websockets.length);
        cut.websockets = websockets.length;
        for (const socket of websockets) socket.terminate();
        app.server.closeAllConnections();
      });
    }, deadlineMillis);
    try {
      // Resolves once the server holds no connection at all (websockets included).
      await app.close();
    } finally {
      clearTimeout(deadline);
    }
    return { clean: !forced, cutConnections: cut.connections, cutWebsockets: cut.websockets, durationMillis: Date.now() - started };
  }

  return {
    plugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            outcome = await drain();
          },
        };
      },
    },
    outcome: () => outcome,
  };
}
