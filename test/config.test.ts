import { describe, expect, it } from 'vitest';
import { baseUrlOf, ConfigError, loadConfig, secretsOf, settingsOf, vendorMode } from '../src/config.js';
import { rentengine } from '../src/vendors/rentengine/index.js';

describe('loadConfig', () => {
  it('gives the documented defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, dbPath: '.data/rentgraph.sqlite', simulators: 'auto', apiKeys: [], batching: true, requestTimeoutMillis: 8000 });
    expect(settingsOf(config, rentengine).rateLimit).toEqual({ requests: 20, perMillis: 5000 });
    expect(config.shutdownTimeoutMillis).toBe(10_000);
    expect(loadConfig({ RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: '0' }).shutdownTimeoutMillis).toBe(0);
    expect(loadConfig({ PORT: '4100' }).sim.webhookUrl).toBe('http://127.0.0.1:4100/webhooks');
    expect(loadConfig({ RENTGRAPH_SIM_WEBHOOK_URL: 'http://gw.internal:8080/webhooks/' }).sim.webhookUrl).toBe('http://gw.internal:8080/webhooks');
    expect(loadConfig({ RENTGRAPH_SIM_WEBHOOK_URL: 'off' }).sim.webhookUrl).toBeNull();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['PORT', 'eighty', /^PORT: expected a whole number from 0 to 65535, got "eighty"$/],
    ['PORT', '70000', /^PORT: expected a whole number from 0 to 65535/],
    ['RENTROLL_BASE_URL', 'ftp://x', /^RENTROLL_BASE_URL: expected an http\(s\) URL/],
    ['RENTGRAPH_SIMULATORS', 'maybe', /^RENTGRAPH_SIMULATORS: expected auto or off, got "maybe"$/],
    ['RENTENGINE_RATE_LIMIT', 'fast', /^RENTENGINE_RATE_LIMIT: expected REQUESTS\/WINDOW/],
    ['LEASEY_COMPANY_ID', '12a', /^LEASEY_COMPANY_ID: expected a whole number/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: expected one of fatal/],
    ['RENTGRAPH_API_KEYS', 'short', /^RENTGRAPH_API_KEYS: expected comma-separated keys of at least 16 characters/],
    ['RENTGRAPH_REQUEST_TIMEOUT_MS', '8s', /^RENTGRAPH_REQUEST_TIMEOUT_MS: expected a whole number from 100 to 600000, got "8s"$/],
    ['RENTGRAPH_REQUEST_TIMEOUT_MS', '50', /^RENTGRAPH_REQUEST_TIMEOUT_MS: expected a whole number from 100 to 600000, got "50"$/],
    ['RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS', '10s', /^RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: expected a whole number from 0 to 3600, got "10s"$/],
    ['RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS', '3601', /^RENTGRAPH_SHUTDOWN_TIMEOUT_SECONDS: expected a whole number from 0 to 3600, got "3601"$/],
    ['RENTGRAPH_AUDIT_DAYS', '0', /^RENTGRAPH_AUDIT_DAYS: expected a whole number from 1 to 36500, got "0"$/],
    ['RENTGRAPH_CLIENT_RATE_LIMIT', '50 per second', /^RENTGRAPH_CLIENT_RATE_LIMIT: expected REQUESTS\/WINDOW such as 20\/5s or 50\/500ms, or off, got "50 per second"$/],
    ['RENTGRAPH_CLIENT_RATE_LIMIT', '0/1s', /^RENTGRAPH_CLIENT_RATE_LIMIT: expected REQUESTS\/WINDOW of at least 1 request per window, such as 50\/1s, or off, got "0\/1s"$/],
    ['RENTGRAPH_METRICS_PUBLIC', 'yes', /^RENTGRAPH_METRICS_PUBLIC: expected true or false, got "yes"$/],
    ['RENTGRAPH_REPLICA_ID', 'gateway one', /^RENTGRAPH_REPLICA_ID: expected 1 to 64 characters of A-Z a-z 0-9 \. _ : @ -, got "gateway one"$/],
    ['RENTGRAPH_LEADER_RETRY_SECONDS', '60', /^RENTGRAPH_LEADER_RETRY_SECONDS: expected a whole number from 1 to 25, got "60"$/],
    ['RENTGRAPH_SIM_WEBHOOK_URL', 'localhost:4000', /^RENTGRAPH_SIM_WEBHOOK_URL: expected an http\(s\) URL such as http:\/\/127\.0\.0\.1:4000\/webhooks, or off, got "localhost:4000"$/],
  ])('names %s and the expected form when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads the access settings: keys file, audit retention, client rate limit, trusted documents, public metrics', () => {
    expect(loadConfig({}).access).toEqual({ apiKeysFile: null, auditDays: 400, clientRateLimit: null, trustedDocumentsPath: null, metricsPublic: false });
    expect(loadConfig({
      RENTGRAPH_API_KEYS_FILE: ' /etc/rentgraph/keys.json ', RENTGRAPH_AUDIT_DAYS: '30', RENTGRAPH_CLIENT_RATE_LIMIT: '50/1s',
      RENTGRAPH_TRUSTED_DOCUMENTS: 'persisted-documents.json', RENTGRAPH_METRICS_PUBLIC: 'true',
    }).access).toEqual({ apiKeysFile: '/etc/rentgraph/keys.json', auditDays: 30, clientRateLimit: { requests: 50, perMillis: 1000 }, trustedDocumentsPath: 'persisted-documents.json', metricsPublic: true });
  });

  it('never echoes a secret-looking value in its message', () => {
    expect(() => loadConfig({ DEEPRENT_WEBHOOK_SECRET: 'plain-secret-value' })).toThrow(/got a value of that form$/);
  });

  it('requires the credentials of a LIVE vendor', () => {
    expect(() => loadConfig({ LEASEY_BASE_URL: 'https://leasey.example.com', LEASEY_API_TOKEN: 't' })).toThrow(
      'LEASEY_COMPANY_ID: expected a value because LEASEY_BASE_URL is set, got nothing',
    );
  });

  it('makes a vendor LIVE with a base URL, SIMULATED without, and unconfigured with simulators off', () => {
    const live = loadConfig({ RENTROLL_BASE_URL: 'https://pms.example.com/' });
    expect(baseUrlOf(live, 'RENTROLL')).toBe('https://pms.example.com');
    expect(vendorMode(live, 'RENTROLL')).toBe('LIVE');
    expect(vendorMode(live, 'RENTENGINE')).toBe('SIMULATED');
    expect(vendorMode(loadConfig({ RENTGRAPH_SIMULATORS: 'off' }), 'RENTENGINE')).toBeNull();
  });

  it('reads the identity sync interval in seconds, 0 for once at start, off for none', () => {
    expect(loadConfig({})).toMatchObject({ syncIntervalMillis: 300_000, overridesPath: null });
    expect(loadConfig({ RENTGRAPH_SYNC_INTERVAL_SECONDS: '0' }).syncIntervalMillis).toBe(0);
    expect(loadConfig({ RENTGRAPH_SYNC_INTERVAL_SECONDS: 'off' }).syncIntervalMillis).toBeNull();
    expect(loadConfig({ RENTGRAPH_OVERRIDES: ' ./overrides.json ' }).overridesPath).toBe('./overrides.json');
    expect(() => loadConfig({ RENTGRAPH_SYNC_INTERVAL_SECONDS: '5m' })).toThrow(
      'RENTGRAPH_SYNC_INTERVAL_SECONDS: expected a whole number of seconds from 0 to 604800 (0 = sync once at start), or off, got "5m"',
    );
    expect(() => loadConfig({ RENTGRAPH_SYNC_INTERVAL_SECONDS: '999999' })).toThrow(/^RENTGRAPH_SYNC_INTERVAL_SECONDS: expected a whole number of seconds/);
  });

  it('names the replica by RENTGRAPH_REPLICA_ID, else by host and process', () => {
    expect(loadConfig({ RENTGRAPH_REPLICA_ID: 'gw-2' }).replicaId).toBe('gw-2');
    expect(loadConfig({}).replicaId).toMatch(new RegExp(`-${process.pid}$`));
    expect(loadConfig({}).leaderRetryMillis).toBe(5_000);
  });

  it('reads the request deadline in milliseconds', () => {
    expect(loadConfig({ RENTGRAPH_REQUEST_TIMEOUT_MS: '2500' }).requestTimeoutMillis).toBe(2500);
  });

  it('lists every configured secret for redaction', () => {
    const config = loadConfig({ RENTROLL_API_TOKEN: 'rr-token-1', RENTGRAPH_API_KEYS: 'client-key-0123456789,client-key-abcdefghij' });
    expect(secretsOf(config)).toEqual(['rr-token-1', 'client-key-0123456789', 'client-key-abcdefghij']);
  });
});
