/*
 * The bx24-emulator "portal page" (GET /portal?app=<URL>&user=<id>&placement=<code>).
 *
 * Does what a Bitrix24 portal does around an app frame, so the real
 * BX24.js, the official SDK's initializeB24Frame() and the emulated
 * BX24.js all run as they would inside a portal:
 *   - opens the app URL in an iframe named `DOMAIN|PROTOCOL|APP_SID`
 *     (PROTOCOL 1 for https, 0 for http), with DOMAIN, PROTOCOL, LANG and
 *     APP_SID added to its query;
 *   - answers the app's postMessage commands. A command arrives as the
 *     string `command:params:callbackId:appSid` (params JSON, left out when
 *     empty, so split from the right) and is answered with the string
 *     `callbackId:JSON` posted back to the app's window.
 * Tokens are real ones for `user`: from /placement/auth at start, renewed
 * through the /oauth/token/ refresh grant. The page makes no /rest calls,
 * so it never shows up in the request log or the rate limit.
 * A plain script: no modules, no eval.
 */
(function () {
  'use strict';

  var query = new URLSearchParams(window.location.search);
  var DOMAIN = window.location.host;
  var PROTOCOL = window.location.protocol === 'https:' ? 1 : 0;
  var LANG = query.get('lang') || 'en';
  var PLACEMENT = query.get('placement') || 'DEFAULT';
  var user = query.get('user') || '1';
  var APP_SID = randomHex(16);

  var frame = null;
  var appOrigin = null;
  var auth = null; // {access_token, refresh_token, expiresAt (ms), member_id, is_admin, user_id}
  var refreshing = null; // the refresh in flight, shared by concurrent refreshAuth commands
  var appOptions = {};
  var userOptions = {};
  var installed = false;

  function $(id) {
    return document.getElementById(id);
  }

  function randomHex(bytes) {
    var values = new Uint8Array(bytes);
    window.crypto.getRandomValues(values);
    return Array.prototype.map
      .call(values, function (b) {
        return (b < 16 ? '0' : '') + b.toString(16);
      })
      .join('');
  }

  function log(text) {
    var item = document.createElement('li');
    item.textContent = text;
    $('log').appendChild(item);
  }

  function fail(text) {
    $('status').textContent = text;
    log('error: ' + text);
  }

  function parseJson(text, fallback) {
    if (!text) return fallback;
    try {
      return JSON.parse(text);
    } catch (e) {
      return fallback;
    }
  }

  var placementOptions = parseJson(query.get('options'), {});

  // Tokens

  function takeAuth(data) {
    auth = {
      access_token: data.access_token,
      refresh_token: data.refresh_token,
      expiresAt: Date.now() + Number(data.expires_in) * 1000,
      member_id: data.member_id || (auth && auth.member_id),
      // The refresh grant does not say; a user's role does not change.
      is_admin: data.is_admin === undefined ? !!(auth && auth.is_admin) : !!data.is_admin,
      user_id: data.user_id || (auth && auth.user_id)
    };
    return auth;
  }

  function getJson(response) {
    if (!response.ok) {
      return response.text().then(function (text) {
        throw new Error('HTTP ' + response.status + ' ' + text);
      });
    }
    return response.json();
  }

  function placementAuth() {
    return window.fetch('/placement/auth?user=' + encodeURIComponent(user)).then(getJson).then(takeAuth);
  }

  function refresh() {
    if (refreshing) return refreshing;
    var form =
      'grant_type=refresh_token&client_id=app.local.emulator&client_secret=emulator&refresh_token=' +
      encodeURIComponent(auth.refresh_token);
    refreshing = window
      .fetch('/oauth/token/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form
      })
      .then(function (response) {
        // A spent refresh token (the app used it itself): a portal still has a session.
        return response.ok ? response.json().then(takeAuth) : placementAuth();
      })
      .then(
        function (result) {
          refreshing = null;
          return result;
        },
        function (error) {
          refreshing = null;
          throw error;
        }
      );
    return refreshing;
  }

  function secondsLeft() {
    return Math.max(0, Math.floor((auth.expiresAt - Date.now()) / 1000));
  }

  // Answers

  function initData() {
    // A portal hands out a live token; renew one that is (nearly) spent.
    var ready = secondsLeft() > 10 ? Promise.resolve(auth) : refresh();
    return ready.then(function () {
      return {
        DOMAIN: DOMAIN,
        PROTOCOL: PROTOCOL,
        PATH: '/rest',
        LANG: LANG,
        AUTH_ID: auth.access_token,
        AUTH_EXPIRES: secondsLeft(),
        REFRESH_ID: auth.refresh_token,
        MEMBER_ID: auth.member_id,
        IS_ADMIN: auth.is_admin,
        FIRST_RUN: false,
        INSTALL: false,
        USER_OPTIONS: userOptions,
        APP_OPTIONS: appOptions,
        PLACEMENT: PLACEMENT,
        PLACEMENT_OPTIONS: placementOptions
      };
    });
  }

  function refreshAnswer() {
    return refresh().then(function () {
      return { AUTH_ID: auth.access_token, AUTH_EXPIRES: secondsLeft(), REFRESH_ID: auth.refresh_token };
    });
  }

  // resizeWindow (BX24.resizeWindow, and BX24.fitWindow, which sends it too):
  // the frame takes the height asked for, and the answer is the frame's size,
  // as a portal does. A portal also takes the width ('100%', or pixels); this
  // page keeps its frame as wide as its layout, so that a frame pinned to a
  // width by an app still follows the page when it is resized.
  function resize(params) {
    var height = parseInt(params && params.height, 10);
    if (height > 0) frame.style.height = height + 'px';
    var box = frame.getBoundingClientRect();
    return { width: Math.round(box.width), height: Math.round(box.height) };
  }

  function setTitle(params) {
    // Like the portal: the in-layout #pagetitle, not the browser tab.
    $('pagetitle').textContent = params && params.title !== undefined ? String(params.title) : '';
  }

  // `undefined` answers with `callbackId:` and nothing after it.
  var commands = {
    getInitData: initData,
    refreshAuth: refreshAnswer,
    setInstall: function (params) {
      installed = !!(params && params.install);
    },
    setInstallFinish: function () {
      installed = true;
      $('status').textContent = 'installation finished';
    },
    setAppOption: function (params) {
      if (params && params.name) appOptions[params.name] = params.value;
    },
    setUserOption: function (params) {
      if (params && params.name) userOptions[params.name] = params.value;
    },
    resizeWindow: resize,
    setTitle: setTitle,
    setScroll: function () {},
    reloadWindow: function () {
      frame.src = frame.src;
    },
    getInterface: function () {
      return { command: [], event: [] };
    },
    placementBindEvent: function () {},
    // No dialogs here: answer as if the user closed them without choosing.
    selectUser: function (params) {
      return params && params.mult ? [] : null;
    },
    selectAccess: function () {
      return [];
    },
    selectCRM: function () {
      return {};
    }
  };

  /** `command:params:callbackId:appSid` (or the SDK's object form) → parts. */
  function parseMessage(data) {
    if (typeof data === 'string') {
      var parts = data.split(':');
      if (parts.length < 3) return null;
      var params = parts.slice(1, -2).join(':');
      return {
        command: parts[0],
        params: parseJson(params, params),
        callback: parts[parts.length - 2],
        appSid: parts[parts.length - 1]
      };
    }
    // The SDK posts an object for command names that contain ':'.
    if (data && typeof data === 'object' && typeof data.method === 'string') {
      return { command: data.method, params: data.params, callback: String(data.callback || ''), appSid: data.appSid };
    }
    return null;
  }

  function onMessage(event) {
    // Only our app's window may talk to us.
    if (!frame || event.source !== frame.contentWindow || event.origin !== appOrigin) return;
    var message = parseMessage(event.data);
    if (!message || message.appSid !== APP_SID) return;
    var handler = Object.prototype.hasOwnProperty.call(commands, message.command) ? commands[message.command] : null;
    log(message.command + (handler ? '' : ' (not emulated: answered empty)'));
    var source = event.source;
    var origin = event.origin;
    Promise.resolve()
      .then(function () {
        return handler ? handler(message.params) : undefined;
      })
      .then(
        function (result) {
          if (!message.callback) return;
          source.postMessage(message.callback + ':' + (result === undefined ? '' : JSON.stringify(result)), origin);
        },
        function (error) {
          // No answer: the app's own timeout tells it, as with a portal that fails.
          fail(message.command + ' failed: ' + error.message);
        }
      );
  }

  function openApp() {
    var raw = query.get('app');
    if (!raw) {
      fail('no app: open /portal?app=<URL-encoded app URL>&user=<id>');
      return;
    }
    var url;
    try {
      url = new URL(raw, window.location.href);
    } catch (e) {
      fail('not a URL: ' + raw);
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      fail('the app URL must be http(s): ' + raw);
      return;
    }
    url.searchParams.set('DOMAIN', DOMAIN);
    url.searchParams.set('PROTOCOL', String(PROTOCOL));
    url.searchParams.set('LANG', LANG);
    url.searchParams.set('APP_SID', APP_SID);
    appOrigin = url.origin;
    frame = document.createElement('iframe');
    // Set before the frame loads: the app reads it on its first script.
    frame.name = DOMAIN + '|' + PROTOCOL + '|' + APP_SID;
    frame.title = 'application';
    frame.src = url.href;
    $('app').appendChild(frame);
  }

  window.addEventListener('message', onMessage);
  placementAuth().then(
    function () {
      $('who').textContent = 'user ' + auth.user_id + (auth.is_admin ? ' (admin)' : '') + ' · placement ' + PLACEMENT;
      openApp();
    },
    function (error) {
      fail('no tokens for user ' + user + ': ' + error.message);
    }
  );

  // For tests and the curious: what the frame has told the portal so far.
  window.bx24Portal = {
    appSid: APP_SID,
    options: function () {
      return { app: appOptions, user: userOptions, installed: installed };
    }
  };
})();
