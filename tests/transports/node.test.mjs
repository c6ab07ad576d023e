// The transport conformance suite in Node: webhook and OAuth over fetch.
import { after } from 'node:test';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { conformance, settleWith } from './conformance.mjs';

const pkg = new URL('../../pkg/client/', import.meta.url);
const mod = await import(new URL('bx24_meeting.js', pkg));
mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', pkg)) });

const fixture = fileURLToPath(new URL('../fixtures/transports.json', import.meta.url));
const WEBHOOK_TOKEN = 's3cr3tWebhookT0ken';
const emulator = await startEmulator(['--data', fixture, '--plan', 'unlimited', '--webhook-token', WEBHOOK_TOKEN]);
after(() => emulator.stop());

// Webhook.
const webhook = new mod.MeetingClient({
  transport: { webhookUrl: `${emulator.url}/rest/1/${WEBHOOK_TOKEN}/` },
  rateLimit: 'off',
});
conformance('node webhook', {
  emulator,
  run: (fn, arg) => settleWith(webhook, fn, arg),
  secrets: () => [WEBHOOK_TOKEN],
  refresh: 'none',
});

// OAuth, with the caller's refresh function doing the refresh grant.
const tokens = await (await fetch(`${emulator.url}/placement/auth?user=1`)).json();
const seen = [tokens.access_token, tokens.refresh_token];
let current = tokens.refresh_token;
let refreshes = 0;
const oauth = new mod.MeetingClient({
  transport: {
    oauth: {
      domain: emulator.url,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      refresh: async () => {
        refreshes += 1;
        const answer = await (await fetch(`${emulator.url}/oauth/token/?grant_type=refresh_token&refresh_token=${current}`)).json();
        current = answer.refresh_token;
        seen.push(answer.access_token, answer.refresh_token);
        return { accessToken: answer.access_token, refreshToken: answer.refresh_token };
      },
    },
  },
  rateLimit: 'off',
});
conformance('node oauth', {
  emulator,
  run: (fn, arg) => settleWith(oauth, fn, arg),
  secrets: () => seen,
  refresh: 'module',
  refreshCount: async () => refreshes,
});
