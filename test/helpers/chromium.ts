/** Debian's headless Chromium for the browser tests: required in CI, skipped loudly elsewhere. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed; in CI its absence is an error, not a skip. */
export function chromiumAvailable(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is required in CI for ${what} (apt-get install chromium)`);
  process.stderr.write(
    `\n*** ${CHROMIUM} not found: ${what} IS SKIPPED. Install it: apt-get install -y chromium ***\n\n`,
  );
  return false;
}

/** A headless browser with no background traffic of its own (the tests count the page's requests). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
