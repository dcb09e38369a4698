import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Headless Chromium for browser tests: the Debian package (`apt-get install -y chromium`,
 * which .ci/run does) or the binary named by CHROMIUM_PATH or PUPPETEER_EXECUTABLE_PATH.
 */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = [env['CHROMIUM_PATH'], env['PUPPETEER_EXECUTABLE_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => path !== undefined && path !== '' && existsSync(path)) ?? null;
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile and its background traffic off (updates, sync,
 * safe-browsing lists, QUIC): a closed network refuses those connections, and a test that
 * counts the page's requests must see only the page's.
 */
export async function launchChromium(executablePath: string): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'rentgraph-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    env: withoutFaketime(process.env),
    args: [
      // Chromium's sandbox cannot start as root (containers, CI).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The environment less libfaketime. `faketime` (README: tests on any date) preloads it into
 * every child process; inside Chromium it keeps pages from loading even with the clock
 * not moved at all, so the browser runs on the machine's clock. It only renders what the
 * gateway, on the moved clock, sends.
 */
function withoutFaketime(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || name.startsWith('FAKETIME')) continue;
    kept[name] = name === 'LD_PRELOAD' ? value.split(/[\s:]+/).filter((lib) => !lib.includes('faketime')).join(':') : value;
  }
  return kept;
}
