import { bindToRequest } from '../../ports/batching.js';
import { z } from 'zod';
import { baseUrl, optionalText, secondsOrOff, vendorConfig } from '../../ports/config.js';
import type { VendorModule } from '../../ports/vendor-module.js';
import { httpFor } from '../http/index.js';
import { createDeeprentClient, type DeeprentClient } from './client.js';
import { createProtocolLoaders } from './loaders.js';
import { deeprentPollSource } from './pollers.js';
import { createDeeprentResources } from './resources.js';
import { createDeeprentReceiver } from './webhook.js';

/**
 * deep.rent (docs/vendors.md): handover protocols and the objects (units) they are about,
 * PDF links on demand; protocols are announced by signed webhooks and polled as a backstop.
 */
export interface DeeprentSettings {
  baseUrl: string | null;
  apiKey: string | null;
  /** Standard Webhooks signing secret (whsec_…); null = every delivery is refused. */
  webhookSecret: string | null;
  /** Between two backstop polls; null = not polled. */
  pollMillis: number | null;
}

export const deeprent: VendorModule<DeeprentSettings, DeeprentClient> = {
  vendor: 'DEEPRENT',
  config: vendorConfig({
    baseUrlVariable: 'DEEPRENT_BASE_URL',
    variables: {
      DEEPRENT_BASE_URL: baseUrl,
      DEEPRENT_API_KEY: optionalText,
      DEEPRENT_WEBHOOK_SECRET: z.string().trim().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'a Standard Webhooks secret: whsec_<base64 key>').optional(),
      DEEPRENT_POLL_SECONDS: secondsOrOff(300),
    },
    requiredWhenLive: ['DEEPRENT_API_KEY'],
    settings: (e) => ({
      baseUrl: e.DEEPRENT_BASE_URL ?? null,
      apiKey: e.DEEPRENT_API_KEY ?? null,
      webhookSecret: e.DEEPRENT_WEBHOOK_SECRET ?? null,
      pollMillis: e.DEEPRENT_POLL_SECONDS,
    }),
    secrets: (settings) => [settings.apiKey, settings.webhookSecret],
  }),
  connect(settings, deps) {
    // The PDF call may take up to 60 s on first generation; retrying it would multiply that.
    const http = httpFor('DEEPRENT', settings.baseUrl, deps, { maxRetries: 1 });
    const client = createDeeprentClient(http, { apiKey: settings.apiKey! });
    return {
      vendor: 'DEEPRENT',
      mode: deps.mode,
      link: http,
      client,
      reads(options) {
        const loaders = createProtocolLoaders(bindToRequest(client, options), options);
        return {
          unitRecord: loaders.objectById,
          protocols: {
            list: async (query) => (await loaders.list(query)).map((row) => row.protocol),
            byObject: loaders.byObject,
            byId: loaders.byId,
            pdfById: loaders.pdfById,
          },
        };
      },
      resources: createDeeprentResources(client),
      pollers: (context) => [{ intervalMillis: settings.pollMillis, sources: [deeprentPollSource(client, context)] }],
    };
  },
  webhook: (settings) => createDeeprentReceiver({ secret: settings.webhookSecret }),
};
