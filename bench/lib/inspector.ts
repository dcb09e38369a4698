import WebSocket from 'ws';

/**
 * The V8 inspector of a process started with `--inspect=127.0.0.1:<port>`: forces a
 * full garbage collection and reads `process.memoryUsage()` inside it, so memory is
 * measured on the production build as it runs, without flags that change its code.
 */
export interface Inspector {
  /** process.memoryUsage() after a full collection, in bytes. */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  /** Writes a heap snapshot (Chrome DevTools format) of the process, after a collection, to `path`. */
  heapSnapshot(path: string): Promise<void>;
  close(): void;
}

interface Reply {
  id?: number;
  method?: string;
  params?: { chunk?: string };
  result?: { result?: { value?: unknown } };
  error?: { message: string };
}

export async function connectInspector(port: number): Promise<Inspector> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`expected an inspector target at 127.0.0.1:${port}/json/list, got ${JSON.stringify(targets)}`);
  const socket = new WebSocket(url, { maxPayload: 1 << 30 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let onChunk: ((chunk: string) => void) | null = null;
  socket.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString('utf8')) as Reply;
    if (reply.method === 'HeapProfiler.addHeapSnapshotChunk') onChunk?.(reply.params?.chunk ?? '');
    if (reply.id === undefined) return;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.error !== undefined) pending?.reject(new Error(`inspector: ${reply.error.message}`));
    else pending?.resolve(reply);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Reply>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const collect = async () => {
    // Twice: the first pass runs finalizers and weak callbacks whose garbage the second frees.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
  };
  return {
    async memoryAfterGc() {
      await collect();
      const reply = await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
      const value = reply.result?.result?.value;
      if (typeof value !== 'string') throw new Error(`expected process.memoryUsage() as JSON from the inspector, got ${JSON.stringify(reply.result)}`);
      return JSON.parse(value) as NodeJS.MemoryUsage;
    },
    async heapSnapshot(path) {
      const { createWriteStream } = await import('node:fs');
      const out = createWriteStream(path);
      onChunk = (chunk) => out.write(chunk);
      await call('HeapProfiler.enable');
      await collect();
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      onChunk = null;
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    },
    close: () => socket.close(),
  };
}
