// Loads one contender the way a page would, and gives the harness one shape:
// { call(eventId, status), ... }. Statically imported by the harness pages, so
// its own loading is not part of any timing.

// The SDK's client-side limits, out of the way for the in-process runs (the
// module's are switched off with configure({ rateLimit: 'off' }) likewise).
const SDK_NO_LIMITS = {
  rateLimit: { burstLimit: 1e9, drainRate: 1e9, adaptiveEnabled: false },
  adaptiveConfig: { enabled: false, thresholdPercent: 100, coefficient: 0, maxDelay: 0 },
};

// The answer body of calendar.meeting.status.set, with the `time` object the
// SDK's operating-time limiter reads.
const SDK_OK = {
  result: true,
  time: { start: 0, finish: 0, duration: 0.001, processing: 0, operating: 0, date_start: '', date_finish: '' },
};
const SDK_INVALID = { error: '', error_description: 'Недопустимое значение параметра "status"' };

// The lowest layer of the SDK that can be replaced in-process: the adapter of
// its axios instance (what would do the XHR). Everything above it (axios's
// request pipeline, the SDK's limiters, retries, AjaxResult) still runs. A 4xx
// is rejected with an AxiosError, exactly as axios's own adapters settle one.
function stubSdkTransport(b24, AxiosError) {
  b24.getHttpClient('v2').ajaxClient.defaults.adapter = (config) => {
    window.portal.dispatches += 1;
    if (window.portal.answer === 'ok') {
      return Promise.resolve({ data: SDK_OK, status: 200, statusText: 'OK', headers: {}, config, request: null });
    }
    const response = { data: SDK_INVALID, status: 400, statusText: 'Bad Request', headers: {}, config, request: null };
    return Promise.reject(new AxiosError('Request failed with status code 400', 'ERR_BAD_REQUEST', config, null, response));
  };
}

/**
 * `transport`: 'stub' (in-page BX24 and SDK transport) or 'emulator' (the
 * emulated BX24.js and the SDK's own axios, over HTTP to the emulator).
 */
export async function loadContender(name, transport) {
  if (name === 'module') {
    const glue = await import('/module/bx24_meeting.js');
    const exports = await glue.default();
    return {
      call: glue.setMeetingStatus,
      bulk: glue.setMeetingStatuses,
      configure: glue.configure,
      wasmMemoryBytes: () => exports.memory.buffer.byteLength,
    };
  }
  if (name === 'plain') {
    const plain = await import('/contenders/plain.js');
    return { call: plain.setMeetingStatus };
  }
  if (name === 'sdk') {
    const sdk = await import('/build/sdk-harness.js');
    const b24 = await sdk.initializeB24Frame(transport === 'stub' ? { restrictionParams: SDK_NO_LIMITS } : undefined);
    if (transport === 'stub') stubSdkTransport(b24, sdk.AxiosError);
    return { call: (eventId, status) => sdk.setMeetingStatus(b24, eventId, status), b24 };
  }
  throw new Error(`unknown contender ${name}`);
}
