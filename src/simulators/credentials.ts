/**
 * The credentials the built-in simulators accept. They protect nothing (the
 * simulators listen on loopback and serve made-up data); they exist so that every
 * auth path of every client is exercised exactly as against the real vendor.
 */
export const SIM_CREDENTIALS = Object.freeze({
  rentroll: { apiToken: 'sim-rentroll-token' },
  rentengine: { apiToken: 'sim-rentengine-token', webhookToken: 'sim-rentengine-webhook-token' },
  deeprent: {
    apiKey: 'sim-deeprent-api-key',
    /** Standard Webhooks secret: "whsec_" + base64 key. */
    webhookSecret: `whsec_${Buffer.from('sim-deeprent-webhook-signing-key!').toString('base64')}`,
    /** Session token for the /api/* management surface. */
    sessionToken: 'sim-deeprent-session',
    orgId: 'org-sim-0001',
  },
  leasey: {
    /** Leasey tokens are 48 characters; the simulator checks the length like the vendor. */
    apiToken: 'sim-leasey-token-0123456789abcdef0123456789abcde',
    companyId: 123,
    companyPassword: 'sim-leasey-company-password',
  },
  sturents: { landlordId: '4321', publicKey: 'sim-sturents-public-key', apiKey: 'sim-sturents-api-key' },
});
