// Plays the portal's parent frame for @bitrix24/b24jssdk's B24Frame and for
// the emulated BX24.js, which otherwise need a real portal around them. The SDK reads DOMAIN|PROTOCOL|APP_SID
// from window.name and posts "getInitData:<key>:<sid>" to `parent` (the page
// itself at the top level); this answers "<key>:<json>" from the same origin,
// so the SDK talks REST to this page's origin. `window.frameAuth()` gives the
// tokens (fake in-page, or the emulator's /placement/auth).
(function () {
  'use strict';
  window.name = window.location.host + '|0|bench';
  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin || typeof event.data !== 'string') return;
    var parts = event.data.split(':');
    if (parts[0] !== 'getInitData') return;
    // "getInitData:<key>:<sid>" (the SDK) or "getInitData:<params>:<key>:<sid>" (BX24.js).
    var key = parts[parts.length - 2];
    window.frameAuth().then(function (auth) {
      var data = {
        DOMAIN: window.location.host, PROTOCOL: 0, PATH: '/rest/', LANG: 'en',
        AUTH_ID: auth.access_token, REFRESH_ID: auth.refresh_token, AUTH_EXPIRES: auth.expires_in,
        MEMBER_ID: auth.member_id || 'bench', IS_ADMIN: false, INSTALL: false, FIRST_RUN: false,
        PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: {}
      };
      window.postMessage(key + ':' + JSON.stringify(data), window.location.origin);
    });
  });
})();
