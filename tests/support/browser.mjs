// Debian's Chromium driven by playwright-core, with the flags this kind of
// machine needs (no sandbox as root, no background networking).
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launchBrowser() {
  const userDataDir = await mkdtemp(join(tmpdir(), 'bx24-chromium-'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      `--user-data-dir=${userDataDir}`,
    ],
  });
}
