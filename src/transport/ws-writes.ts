import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Coalesces the frames a websocket connection sends in one turn of the event loop into
 * one write to the kernel. ws writes every frame on its own, and one event fans out to
 * many subscriptions, several on one connection: at 10,000 subscribers a system call
 * per notice was the largest single cost of a delivery (and woke the reader as often).
 * The TCP socket is corked at the first frame of a turn and uncorked when the turn's
 * I/O is done (setImmediate), so a notice waits at most for the rest of its turn; under
 * load a turn carries more events and the writes grow larger instead of more numerous.
 */
export function coalesceWrites(websocket: WebSocket, socket: Socket): void {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const send = websocket.send.bind(websocket) as (...args: unknown[]) => void;
  websocket.send = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    send(...args);
  }) as WebSocket['send'];
}
