// Debian's Chromium driven by playwright-core, with the flags this kind of
// machine needs: no sandbox as root, and no background networking (the
// network is closed). Playwright gives each launch a fresh, empty profile.
// Never `npx playwright install`: it downloads a browser. Shared by the tests
// and the benchmark.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}
