// What a page needs to make one call with @bitrix24/b24jssdk: the frame
// client and actions.v2.call.make. Bundled as is (esbuild, minified, ESM,
// browser) for the shipped-size measurement.
import { initializeB24Frame } from '@bitrix24/b24jssdk';

export { initializeB24Frame };

export function setMeetingStatus(b24, eventId, status) {
  return b24.actions.v2.call.make({ method: 'calendar.meeting.status.set', params: { eventId, status } });
}
