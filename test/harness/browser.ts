/**
 * A real browser for tests of our pages: Debian's Chromium (`apt-get install chromium`; CI
 * installs it when missing), driven by playwright-core, which downloads no browser of its own. CHROMIUM_PATH
 * points at another Chromium or Chrome.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The browser binary, or an error that says how to get one. */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, ...CANDIDATES].find((p): p is string => Boolean(p) && fs.existsSync(p as string));
  if (!found) throw new Error(`no Chromium found (looked at ${CANDIDATES.join(', ')}): install it with \`apt-get install -y chromium\`, or set CHROMIUM_PATH`);
  return found;
}

/** A headless Chromium; `--no-sandbox` because CI runs as root, where Chromium's sandbox refuses to start. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
  });
}
