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
 *
 * Notices (notice-delivery.ts) are written through the connection's `ConnectionWriter`
 * (`writerOf`): their frames are copied into one buffer per turn instead of each going
 * through ws as a message of its own (a header buffer, two writes and their bookkeeping
 * per notice, at 200,000 notices a second). Anything ws sends or closes with first
 * flushes the notices before it, so frames leave in the order they were sent.
 */
export function coalesceWrites(websocket: WebSocket, socket: Socket): void {
  writers.set(websocket, new ConnectionWriter(websocket, socket));
}

/**
 * Bytes a connection may hold unsent in the gateway before its notice streams stop
 * writing to it. Past this the peer is not reading as fast as notices come: each stream
 * leaves its notices in its own bounded buffer (RENTGRAPH_SUBSCRIPTION_BUFFER, stream.ts)
 * until the socket drains, and a stream that overflows that buffer closes the connection
 * with 4413, as when every send was awaited. About a thousand notices of a few hundred
 * bytes: well above what one turn writes to a connection of 100 subscribers at 200
 * events a second, so a reader that keeps up never pauses.
 */
export const CONNECTION_HIGH_WATER_BYTES = 256 * 1024;

/** Something that writes to a connection and resumes when the connection drained. */
export interface DrainWaiter {
  resume(): void;
}

/** Notices of a turn are copied into buffers of this size (or one notice's size, if larger). */
const NOTICE_BUFFER_BYTES = 64 * 1024;
/** FIN + text frame (RFC 6455 §5.2): every notice is one unfragmented text message. */
const FIN_TEXT = 0x81;

export class ConnectionWriter {
  private readonly waiting = new Set<DrainWaiter>();
  private listening = false;
  private corked = false;
  /** Notice bytes of this turn not yet handed to the socket: full buffers, then the one being filled. */
  private full: Buffer[] = [];
  private current: Buffer | null = null;
  private used = 0;
  private unflushed = 0;
  /** Frames written as raw bytes only with no extension negotiated (compression would change them). */
  private readonly raw: boolean;

  constructor(
    private readonly websocket: WebSocket,
    private readonly socket: Socket,
  ) {
    this.raw = websocket.extensions === '';
    const send = websocket.send.bind(websocket) as (...args: unknown[]) => void;
    websocket.send = ((...args: unknown[]) => {
      this.cork();
      this.flush();
      send(...args);
    }) as WebSocket['send'];
    const close = websocket.close.bind(websocket);
    websocket.close = (code?: number, reason?: string | Buffer) => {
      this.flush();
      close(code, reason);
    };
    websocket.once('close', () => {
      this.waiting.clear();
      this.full = [];
      this.current = null;
    });
  }

  /** Sends the text message `prefix` + `payload` + `suffix` (UTF-8 bytes); nothing once the connection is closing. */
  sendText(prefix: Buffer, payload: Buffer, suffix: Buffer): void {
    if (this.websocket.readyState !== this.websocket.OPEN) return;
    const length = prefix.length + payload.length + suffix.length;
    if (!this.raw) {
      this.websocket.send(Buffer.concat([prefix, payload, suffix], length), { binary: false });
      return;
    }
    this.cork();
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const buffer = this.room(header + length);
    let at = this.used;
    buffer[at++] = FIN_TEXT;
    if (header === 2) buffer[at++] = length;
    else if (header === 4) {
      buffer[at++] = 126;
      buffer.writeUInt16BE(length, at);
      at += 2;
    } else {
      buffer[at++] = 127;
      buffer.writeUInt32BE(0, at);
      buffer.writeUInt32BE(length, at + 4);
      at += 8;
    }
    at += prefix.copy(buffer, at);
    at += payload.copy(buffer, at);
    at += suffix.copy(buffer, at);
    this.unflushed += at - this.used;
    this.used = at;
  }

  /** Over CONNECTION_HIGH_WATER_BYTES unsent: writers should wait (`resumeWhenDrained`). */
  congested(): boolean {
    return this.unflushed + this.websocket.bufferedAmount > CONNECTION_HIGH_WATER_BYTES;
  }

  /**
   * Calls `waiter.resume()` once the socket has written all it holds. Only while
   * `congested()`: a socket that holds that much had a write refused by its high-water
   * mark (or will, at the end of this turn), so Node emits 'drain' once it is empty.
   */
  resumeWhenDrained(waiter: DrainWaiter): void {
    this.waiting.add(waiter);
    if (this.listening) return;
    this.listening = true;
    this.socket.once('drain', () => {
      this.listening = false;
      const resumed = [...this.waiting];
      this.waiting.clear();
      for (const each of resumed) each.resume();
    });
  }

  /** A buffer with `bytes` free at `used`. */
  private room(bytes: number): Buffer {
    if (this.current !== null && this.used + bytes <= this.current.length) return this.current;
    if (this.current !== null) this.full.push(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafeSlow(Math.max(NOTICE_BUFFER_BYTES, bytes));
    this.used = 0;
    return this.current;
  }

  /** Hands the notices of this turn to the (corked) socket. */
  private flush(): void {
    if (this.unflushed === 0) return;
    for (const buffer of this.full) this.socket.write(buffer);
    if (this.current !== null) {
      this.socket.write(this.current.subarray(0, this.used));
      // What was written stays the socket's; the rest of this buffer is filled from `used` on.
      this.current = this.current.subarray(this.used);
      this.used = 0;
    }
    this.full = [];
    this.unflushed = 0;
  }

  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    setImmediate(() => {
      this.corked = false;
      this.flush();
      this.socket.uncork();
    });
  }
}

const writers = new WeakMap<WebSocket, ConnectionWriter>();

/** The writer of a connection `coalesceWrites` was given; throws for any other. */
export function writerOf(websocket: WebSocket): ConnectionWriter {
  const writer = writers.get(websocket);
  if (writer === undefined) throw new Error('expected a websocket set up by coalesceWrites, got one without a writer');
  return writer;
}
