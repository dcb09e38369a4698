/** What a secret is replaced with wherever it would be logged or shown. */
export const REDACTED = '[redacted]';

/**
 * Builds a function that blanks every configured secret in a string. Secrets are also
 * matched in their URL-encoded forms, since they may travel in a path or query string.
 * Longer secrets are replaced first so a secret that contains another is blanked whole.
 */
export function createRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}
