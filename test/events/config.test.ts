import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, secretsOf, settingsOf } from '../../src/config.js';
import { rentengine } from '../../src/vendors/rentengine/index.js';

describe('event settings', () => {
  it('keeps events 7 days, delivery ids 72 hours and 1000 waiting notices by default', () => {
    const config = loadConfig({});
    expect(config.events).toEqual({ retentionDays: 7, dedupeHours: 72, subscriptionBuffer: 1000 });
    expect(settingsOf(config, rentengine).qstashSigningKeys).toEqual([]);
  });

  it.each([
    ['RENTGRAPH_DEDUPE_HOURS', '24', /^RENTGRAPH_DEDUPE_HOURS: expected a whole number from 72 to 87600, got "24"$/],
    ['RENTGRAPH_EVENT_RETENTION_DAYS', '0', /^RENTGRAPH_EVENT_RETENTION_DAYS: expected a whole number from 1 to 3650/],
    ['RENTGRAPH_SUBSCRIPTION_BUFFER', 'lots', /^RENTGRAPH_SUBSCRIPTION_BUFFER: expected a whole number from 1 to 1000000/],
  ])('names %s and the expected form when it is %j', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads the QStash signing keys, current first, and redacts them', () => {
    const config = loadConfig({ QSTASH_CURRENT_SIGNING_KEY: 'sig_current_key', QSTASH_NEXT_SIGNING_KEY: 'sig_next_key' });
    expect(settingsOf(config, rentengine).qstashSigningKeys).toEqual(['sig_current_key', 'sig_next_key']);
    expect(secretsOf(config)).toEqual(expect.arrayContaining(['sig_current_key', 'sig_next_key']));
  });
});
