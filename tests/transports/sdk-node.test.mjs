// The conformance suite over the official SDK's B24Hook in Node, against the
// emulator over HTTPS (B24Hook forces https), and the side-by-side record of
// what the SDK and this module each expose for the same 400 `error: ""`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { fileURLToPath } from 'node:url';
import { B24Hook } from '@bitrix24/b24jssdk';
import { startEmulator } from '../support/emulator.mjs';
import { conformance, settleWith } from './conformance.mjs';

const pkg = new URL('../../pkg/client/', import.meta.url);
const mod = await import(new URL('bx24_meeting.js', pkg));
mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', pkg)) });

const fixture = fileURLToPath(new URL('../fixtures/transports.json', import.meta.url));
const WEBHOOK_TOKEN = 's3cr3tWebhookT0ken';
const emulator = await startEmulator(['--tls', '--data', fixture, '--plan', 'unlimited', '--webhook-token', WEBHOOK_TOKEN]);
after(() => emulator.stop());

const b24 = B24Hook.fromWebhookUrl(`${emulator.url}/rest/1/${WEBHOOK_TOKEN}/`);
// The SDK's HTTP client is axios on Node's https: trust the emulator's certificate.
b24.getHttpClient('v2').ajaxClient.defaults.httpsAgent = new Agent({ ca: emulator.ca });

const client = new mod.MeetingClient({ transport: { sdk: b24 }, rateLimit: 'off' });
conformance('node sdk B24Hook', {
  emulator,
  run: (fn, arg) => settleWith(client, fn, arg),
  secrets: () => [WEBHOOK_TOKEN],
  refresh: 'none',
});

test('side by side: the same 400 with error "" through the SDK alone and through this module', async () => {
  await emulator.reset();
  let sdkError;
  try {
    await b24.actions.v2.call.make({ method: 'calendar.meeting.status.get', params: { eventId: 424242 } });
  } catch (e) {
    sdkError = { name: e.name, code: e.code, message: e.message, status: e.status };
  }
  const ours = await settleWith(client, (c) => c.getMeetingStatus(424242));
  console.log(`the SDK alone: ${JSON.stringify(sdkError)}`);
  console.log(`this module:   ${JSON.stringify(ours.error)}`);
  // The SDK rejects with its HTTP library's code and text: the portal's
  // description is not on the error's own fields.
  assert.equal(sdkError.status, 400);
  assert.notEqual(sdkError.message, 'При выборке статуса произошла ошибка');
  assert.notEqual(sdkError.code, '');
  // This module keeps the portal's empty code and its text.
  assert.equal(ours.error.code, '');
  assert.equal(ours.error.description, 'При выборке статуса произошла ошибка');
  assert.equal(ours.error.status, 400);
});
