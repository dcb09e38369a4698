import { pino, type Logger } from 'pino';

/**
 * JSON logs with credentials redacted twice over: known header and field paths are
 * censored by pino, and any configured secret value is cut out of every line.
 */
export function createLogger(options: { level: string; secrets: readonly string[]; destination?: pino.DestinationStream }): Logger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const scrub = (line: string): string => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), line);
  const destination = options.destination ?? pino.destination({ fd: 1, sync: false });
  const stream: pino.DestinationStream = secrets.length === 0 ? destination : { write: (line: string) => destination.write(scrub(line)) };
  return pino(
    {
      level: options.level,
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*.headers["x-api-key"]', '*.headers["x-api-token"]', '*.headers["x-company-password"]', '*.password', '*.token', '*.apiKey'],
        censor: '[redacted]',
      },
    },
    stream,
  );
}
