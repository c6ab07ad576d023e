// The official SDK's B24Hook (which refuses http://) against an emulator
// started with --tls, trusting its certificate only through
// NODE_EXTRA_CA_CERTS: the SDK's axios client and Node's fetch both honour it.
// Usage: NODE_EXTRA_CA_CERTS=CERT.pem node hook_tls.mjs https://127.0.0.1:PORT
import assert from 'node:assert/strict';
import { B24Hook } from '@bitrix24/b24jssdk';

const base = process.argv[2];
assert.ok(base && base.startsWith('https://'), 'usage: node hook_tls.mjs https://HOST:PORT');

const b24 = B24Hook.fromWebhookUrl(`${base}/rest/1/demo/`);
const call = async (method, params) => {
  const response = await b24.actions.v2.call.make({ method, params });
  assert.ok(response.isSuccess, `${method}: ${response.getErrorMessages()}`);
  return response.getData().result;
};
assert.equal(await call('calendar.meeting.status.get', { eventId: 201 }), 'Q');
assert.equal(await call('calendar.meeting.status.set', { eventId: 201, status: 'Y' }), true);
assert.equal(await call('calendar.meeting.status.get', { eventId: 201 }), 'Y');

const statuses = await (await fetch(`${base}/admin/statuses?user=1`)).json();
assert.equal(statuses['201'], 'Y');
console.log('ok B24Hook over https');
