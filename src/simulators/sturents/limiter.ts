/**
 * StuRents limits identical requests: the same path and query string asked again
 * within the window is refused. Every asking counts, refused or not, so a client that
 * keeps hammering keeps getting 429 (sturents.md: "constantly receiving an error code 429").
 */
export class IdenticalRequestLimiter {
  private readonly lastAskedMs = new Map<string, number>();

  /** @param windowMillis 0 disables the limit. */
  constructor(private readonly windowMillis: number) {}

  /** Records the request; true when it must be refused. */
  refuse(pathAndQuery: string, nowMs: number): boolean {
    if (this.windowMillis <= 0) return false;
    const last = this.lastAskedMs.get(pathAndQuery);
    this.lastAskedMs.set(pathAndQuery, nowMs);
    if (this.lastAskedMs.size > 10_000) this.sweep(nowMs);
    return last !== undefined && nowMs - last < this.windowMillis;
  }

  private sweep(nowMs: number): void {
    for (const [key, at] of this.lastAskedMs) if (nowMs - at >= this.windowMillis) this.lastAskedMs.delete(key);
  }
}
