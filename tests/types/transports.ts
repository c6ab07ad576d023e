// One example per transport; `tsc --noEmit -p tests/types` must pass.
import init, { MeetingClient } from 'bx24-meeting/client';
import type { MeetingStatusResult, SdkClient } from 'bx24-meeting/client';

export async function inAPlacement(): Promise<true> {
  await init();
  const client = new MeetingClient(); // 'bx24': the page's BX24.js
  return client.setMeetingStatus(651, 'Y');
}

export async function withAWebhook(): Promise<MeetingStatusResult[]> {
  const client = new MeetingClient({
    transport: { webhookUrl: 'https://example.bitrix24.com/rest/1/abc123def456/' },
    retries: 5,
    rateLimit: 'enterprise',
  });
  return client.setMeetingStatuses([{ eventId: 651, status: 'N' }, { eventId: '652', status: 'q' }]);
}

export async function withOAuth(load: () => Promise<{ accessToken: string; refreshToken: string }>): Promise<string> {
  const tokens = await load();
  const client = new MeetingClient({
    transport: { oauth: { domain: 'example.bitrix24.com', ...tokens, refresh: load } },
    timeoutMs: 10_000,
  });
  const meetings = await client.getNearestMeetings({ days: 7 });
  return meetings.map((m) => `${m.id} ${m.name} ${m.myStatus}`).join('\n');
}

export async function withTheOfficialSdk(b24: SdkClient): Promise<string> {
  const client = new MeetingClient({ transport: { sdk: b24 } });
  return client.getMeetingStatus(651);
}

// A transport must be one of the four shapes.
// @ts-expect-error 'fetch' is not a transport
void new MeetingClient({ transport: 'fetch' });
