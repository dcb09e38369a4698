import { randomBytes } from 'node:crypto';

/**
 * The protocol PDFs and their presigned URLs. Generation is simulated by a delay on
 * the first request per protocol; the file itself is a one-page PDF built on the fly.
 * A presigned URL is a random token on the simulator's own host (ASSUMPTIONS.md),
 * good until its expiry and needing no API key.
 */
export class PresignedFiles {
  private readonly tokens = new Map<string, { protocolId: string; expiresAtMs: number }>();

  issue(protocolId: string, ttlSeconds: number, nowMs: number): { token: string; expiresAtMs: number } {
    if (this.tokens.size > 10_000) this.prune(nowMs);
    const token = randomBytes(24).toString('base64url');
    const expiresAtMs = nowMs + ttlSeconds * 1000;
    this.tokens.set(token, { protocolId, expiresAtMs });
    return { token, expiresAtMs };
  }

  /** The protocol a token grants, or why not. */
  resolve(token: string, nowMs: number): { protocolId: string } | 'expired' | 'unknown' {
    const entry = this.tokens.get(token);
    if (entry === undefined) return 'unknown';
    if (nowMs > entry.expiresAtMs) return 'expired';
    return { protocolId: entry.protocolId };
  }

  private prune(nowMs: number): void {
    for (const [token, entry] of this.tokens) if (entry.expiresAtMs < nowMs) this.tokens.delete(token);
  }
}

/** Object-store style refusal, as a presigned URL host answers. */
export function accessDeniedXml(message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`;
}

/** A minimal valid one-page PDF naming the protocol (correct xref offsets). */
export function protocolPdf(lines: readonly string[]): Buffer {
  const escape = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 16 : 11} Tf 56 ${770 - i * 22} Td (${escape(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
