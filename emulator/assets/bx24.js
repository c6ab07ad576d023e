/*
 * Emulated BX24.js, served by bx24-emulator at /bx24.js.
 *
 * Behaves like the library a Bitrix24 placement page loads from
 * //api.bitrix24.com/api/v1/, as it was observed against the emulator's
 * portal page:
 *   - it runs only inside a portal frame: `window.name` must be
 *     `DOMAIN|PROTOCOL|APP_SID`, else it sets `BX24 = null` and throws
 *     `Unable to initialize Bitrix24 JS library!` at load;
 *   - it talks to the parent frame with postMessage: it sends
 *     `command:JSON(params):callbackId:APP_SID` to `http[s]://DOMAIN`, and
 *     takes `callbackId:JSON` answers only from that origin. `getInitData` at
 *     load gives it DOMAIN, PATH, LANG, AUTH_ID, AUTH_EXPIRES, REFRESH_ID,
 *     MEMBER_ID, IS_ADMIN, PLACEMENT, PLACEMENT_OPTIONS; `BX24.init`
 *     callbacks run 10 ms after that data came; calls made before are queued;
 *   - callMethod sends, 10 ms later, a POST to PROTOCOL://DOMAIN + PATH +
 *     `/<method>.json` whose body is the string `auth=…&eventId=1001&status=Y`
 *     (so `text/plain;charset=UTF-8`, every value a string, nested values in
 *     PHP brackets `a[b][c]=…`, dates as toJSON(), an empty array `name=`);
 *   - its own limiter before every request: 90 requests burst, leaking 2 per
 *     second; a request over it is re-checked every second;
 *   - before a request, a token past its AUTH_EXPIRES is renewed first;
 *   - an `expired_token` answer never reaches the callback: the call sends
 *     its own `refreshAuth` message to the parent (one per waiting call, not
 *     shared) and is sent again with the new token;
 *   - 2xx, 304, 4xx (and status 0 with a body) are answers for the callback;
 *     on a 5xx, a network error or a body that is not JSON it throws
 *     'Query error!' from its XHR handler (an uncaught error the page sees)
 *     and never calls back;
 *   - callBatch reads the per-command results out of the answer; when the
 *     whole batch answer is an error (a 4xx) that read throws a TypeError,
 *     so its callback is never called either.
 * A plain script: no modules, no eval.
 */
(function (window) {
  'use strict';

  // `DOMAIN|PROTOCOL|APP_SID`, as a portal names the app's frame.
  var frameName = typeof window.name === 'string' ? window.name.split('|') : [];
  var PARAMS = {
    DOMAIN: String(frameName[0] || '').replace(/:(80|443)$/, ''),
    PROTOCOL: parseInt(frameName[1], 10) || 0,
    APP_SID: frameName[2] || '',
    PATH: '/rest',
    LANG: '',
    AUTH_ID: '',
    AUTH_EXPIRES: 0, // ms since the epoch
    REFRESH_ID: '',
    MEMBER_ID: '',
    IS_ADMIN: false,
    PLACEMENT: 'DEFAULT',
    PLACEMENT_OPTIONS: {}
  };

  if (!PARAMS.DOMAIN || !PARAMS.APP_SID) {
    window.BX24 = null;
    throw new Error('Unable to initialize Bitrix24 JS library!');
  }

  var DEFER_MS = 10;
  // The library's own limiter.
  var LIMIT_BURST = 90;
  var LIMIT_LEAK_PER_SECOND = 2;
  var LIMIT_RECHECK_MS = 1000;

  var inited = false;
  var initData = null;
  var initCallbacks = [];
  var pendingCalls = []; // calls made before the init data came

  function portalOrigin() {
    return (PARAMS.PROTOCOL ? 'https' : 'http') + '://' + PARAMS.DOMAIN;
  }

  // Messages to the parent frame.

  var callbacks = {};
  var callbackCount = 0;

  function sendMessage(command, params, callback) {
    callbackCount += 1;
    var id = 'bx24cb' + callbackCount + '_' + Date.now().toString(36);
    callbacks[id] = callback;
    var text = command + ':' + (params === undefined ? '' : JSON.stringify(params)) + ':' + id + ':' + PARAMS.APP_SID;
    window.parent.postMessage(text, portalOrigin());
  }

  function onMessage(event) {
    // Only the portal named in window.name is listened to.
    if (event.origin !== portalOrigin() || typeof event.data !== 'string') return;
    var colon = event.data.indexOf(':');
    var id = colon < 0 ? event.data : event.data.slice(0, colon);
    if (!Object.prototype.hasOwnProperty.call(callbacks, id)) return;
    var callback = callbacks[id];
    delete callbacks[id];
    var text = colon < 0 ? '' : event.data.slice(colon + 1);
    var data;
    if (text) data = JSON.parse(text);
    if (typeof callback === 'function') callback(data);
  }

  function takeAuth(data) {
    PARAMS.AUTH_ID = data.AUTH_ID;
    PARAMS.REFRESH_ID = data.REFRESH_ID;
    PARAMS.AUTH_EXPIRES = Date.now() + (parseInt(data.AUTH_EXPIRES, 10) || 0) * 1000;
  }

  function onInitData(data) {
    if (!data) return;
    initData = data;
    if (data.DOMAIN) PARAMS.DOMAIN = String(data.DOMAIN).replace(/:(80|443)$/, '');
    if (data.PROTOCOL !== undefined) PARAMS.PROTOCOL = parseInt(data.PROTOCOL, 10) || 0;
    if (data.PATH) PARAMS.PATH = String(data.PATH).replace(/\/+$/, '');
    PARAMS.LANG = data.LANG || '';
    PARAMS.MEMBER_ID = data.MEMBER_ID || '';
    PARAMS.IS_ADMIN = !!data.IS_ADMIN;
    PARAMS.PLACEMENT = data.PLACEMENT || 'DEFAULT';
    PARAMS.PLACEMENT_OPTIONS = data.PLACEMENT_OPTIONS || {};
    takeAuth(data);
    inited = true;
    window.setTimeout(function () {
      var queued = initCallbacks;
      initCallbacks = [];
      queued.forEach(function (cb) {
        cb();
      });
      var calls = pendingCalls;
      pendingCalls = [];
      calls.forEach(function (query) {
        startQuery(query);
      });
    }, DEFER_MS);
  }

  // Tokens.

  function getAuth() {
    if (!inited || PARAMS.AUTH_EXPIRES <= Date.now()) return false;
    return {
      access_token: PARAMS.AUTH_ID,
      refresh_token: PARAMS.REFRESH_ID,
      expires_in: PARAMS.AUTH_EXPIRES,
      domain: PARAMS.DOMAIN,
      member_id: PARAMS.MEMBER_ID
    };
  }

  /** One `refreshAuth` message to the parent per call: nothing is shared. */
  function refreshAuth(callback) {
    sendMessage('refreshAuth', undefined, function (data) {
      if (!data || !data.AUTH_ID) {
        window.alert('Unable to get new token! Reload page, please!');
        return;
      }
      takeAuth(data);
      if (typeof callback === 'function') callback(getAuth());
    });
  }

  // The wire format: a query string sent as the body.

  function encode(value) {
    return encodeURIComponent(value);
  }

  function prepareData(data, prefix) {
    var parts = [];
    for (var key in data) {
      if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
      var name = prefix ? prefix + '[' + encode(key) + ']' : encode(key);
      var value = data[key];
      if (value === undefined || typeof value === 'function') continue;
      if (value instanceof Date) {
        parts.push(name + '=' + encode(value.toJSON()));
      } else if (value !== null && typeof value === 'object') {
        if (Array.isArray(value) && value.length === 0) {
          parts.push(name + '=');
        } else {
          var nested = prepareData(value, name);
          if (nested) parts.push(nested);
        }
      } else {
        parts.push(name + '=' + encode(value === null ? '' : value));
      }
    }
    return parts.join('&');
  }

  // The limiter: a leaky bucket of LIMIT_BURST, leaking LIMIT_LEAK_PER_SECOND.

  var bucket = 0;
  var bucketAt = Date.now();

  function takeFromLimiter() {
    var now = Date.now();
    bucket = Math.max(0, bucket - ((now - bucketAt) / 1000) * LIMIT_LEAK_PER_SECOND);
    bucketAt = now;
    if (bucket + 1 > LIMIT_BURST) return false;
    bucket += 1;
    return true;
  }

  // Calls.

  function startQuery(query) {
    if (!inited) {
      pendingCalls.push(query);
      return;
    }
    if (!takeFromLimiter()) {
      window.setTimeout(function () {
        startQuery(query);
      }, LIMIT_RECHECK_MS);
      return;
    }
    if (PARAMS.AUTH_EXPIRES <= Date.now()) {
      refreshAuth(function () {
        sendQuery(query);
      });
      return;
    }
    window.setTimeout(function () {
      sendQuery(query);
    }, DEFER_MS);
  }

  function sendQuery(query) {
    var data = {};
    for (var key in query.data) {
      if (Object.prototype.hasOwnProperty.call(query.data, key)) data[key] = query.data[key];
    }
    if (query.start !== undefined) data.start = query.start;
    var body = 'auth=' + encode(PARAMS.AUTH_ID);
    var rest = prepareData(data);
    if (rest) body += '&' + rest;
    var xhr = new window.XMLHttpRequest();
    xhr.open('POST', portalOrigin() + PARAMS.PATH + '/' + encode(query.method) + '.json');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      var status = xhr.status;
      var answered = (status >= 200 && status < 300) || status === 304 || (status >= 400 && status < 500) || status === 0;
      var answer = null;
      if (answered) {
        try {
          answer = JSON.parse(xhr.responseText);
        } catch (e) {
          answer = null;
        }
      }
      if (!answer || typeof answer !== 'object') throw 'Query error!';
      if (answer.error === 'expired_token') {
        // Renewed through the parent frame, then sent again; the caller never sees it.
        refreshAuth(function () {
          startQuery(query);
        });
        return;
      }
      if (typeof query.callback === 'function') query.callback(new AjaxResult(answer, query, status));
    };
    xhr.send(body);
  }

  function callMethod(method, params, callback) {
    startQuery({ method: method, data: params || {}, callback: callback });
  }

  // ajaxResult and ajaxError.

  function AjaxError(status, ex) {
    this.status = status;
    this.ex = ex;
  }
  AjaxError.prototype.getError = function () {
    return this.ex;
  };
  AjaxError.prototype.getStatus = function () {
    return this.status;
  };
  AjaxError.prototype.toString = function () {
    return this.ex.error + (this.ex.error_description ? ': ' + this.ex.error_description : '') + ' (' + this.status + ')';
  };

  function AjaxResult(answer, query, status) {
    this.answer = answer;
    this.query = {
      method: query.method,
      data: query.data,
      callback: query.callback,
      start: query.start
    };
    this.status = status;
    if (typeof this.answer.next !== 'undefined') this.answer.next = parseInt(this.answer.next, 10);
    if (typeof this.answer.error !== 'undefined') {
      this.answer.ex = new AjaxError(this.status, typeof this.answer.error === 'string' ? this.answer : this.answer.error);
    }
  }
  AjaxResult.prototype.data = function () {
    return this.answer.result;
  };
  AjaxResult.prototype.error = function () {
    return this.answer.ex;
  };
  AjaxResult.prototype.error_description = function () {
    return this.answer.error_description;
  };
  AjaxResult.prototype.more = function () {
    return !isNaN(this.answer.next);
  };
  AjaxResult.prototype.total = function () {
    return parseInt(this.answer.total, 10);
  };
  AjaxResult.prototype.time = function () {
    return this.answer.time;
  };
  AjaxResult.prototype.next = function (callback) {
    if (!this.more()) return false;
    this.query.start = this.answer.next;
    if (typeof callback === 'function') this.query.callback = callback;
    startQuery(this.query);
    return true;
  };

  // Batches.

  function callBatch(calls, callback, haltOnError) {
    var isArray = Array.isArray(calls);
    var cmd = isArray ? [] : {};
    var commands = isArray ? [] : {};
    var count = 0;
    for (var key in calls) {
      if (!Object.prototype.hasOwnProperty.call(calls, key) || !calls[key]) continue;
      var method = null;
      var params = null;
      if (Array.isArray(calls[key])) {
        method = calls[key][0];
        params = calls[key][1];
      } else if (calls[key].method) {
        method = calls[key].method;
        params = calls[key].params;
      }
      if (!method) continue;
      cmd[key] = [method, params || {}];
      var encoded = prepareData(params || {});
      commands[key] = encoded ? method + '?' + encoded : method;
      count++;
    }
    if (count === 0) return false;
    callMethod('batch', { halt: haltOnError ? 1 : 0, cmd: commands }, function (res) {
      // The whole answer of an error (a 4xx) has no `result`: reading the
      // per-command results out of it throws a TypeError here, as it does in
      // the real library, and `callback` is never called.
      var result = res.answer.result;
      var results = isArray ? [] : {};
      for (var k in cmd) {
        if (!Object.prototype.hasOwnProperty.call(cmd, k)) continue;
        var answer = {
          result: result.result[k],
          error: result.result_error[k],
          total: result.result_total[k],
          next: result.result_next[k],
          time: result.result_time ? result.result_time[k] : undefined
        };
        if (answer.error === undefined) delete answer.error;
        else answer.error_description = answer.error.error_description;
        results[k] = new AjaxResult(answer, { method: cmd[k][0], data: cmd[k][1], callback: callback }, res.status);
      }
      if (typeof callback === 'function') callback(results);
    });
    return true;
  }

  // Frame commands that only tell the parent something.

  function toParent(command, params, callback) {
    sendMessage(command, params, function () {
      if (typeof callback === 'function') callback();
    });
  }

  var BX24 = {
    /** `callback` runs 10 ms after the portal frame delivered its data. */
    init: function (callback) {
      if (typeof callback !== 'function') return;
      if (inited) window.setTimeout(callback, DEFER_MS);
      else initCallbacks.push(callback);
    },

    /** Runs `callback` when the DOM is ready. */
    ready: function (callback) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback);
      else window.setTimeout(callback, 0);
    },

    callMethod: callMethod,
    callBatch: callBatch,

    /** `{access_token, refresh_token, expires_in, domain, member_id}`, or false before init and after expiry. */
    getAuth: getAuth,

    /** A new token through the parent frame; `callback(getAuth())`. */
    refreshAuth: refreshAuth,

    getLang: function () {
      return PARAMS.LANG;
    },

    getDomain: function () {
      return PARAMS.DOMAIN;
    },

    isAdmin: function () {
      return PARAMS.IS_ADMIN;
    },

    placement: {
      info: function () {
        return { placement: PARAMS.PLACEMENT, options: PARAMS.PLACEMENT_OPTIONS };
      }
    },

    fitWindow: function (callback) {
      var root = document.documentElement;
      BX24.resizeWindow(root.scrollWidth, Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0), callback);
    },
    resizeWindow: function (width, height, callback) {
      toParent('resizeWindow', { width: width, height: height }, callback);
    },
    setTitle: function (title, callback) {
      toParent('setTitle', { title: String(title) }, callback);
    },
    installFinish: function (callback) {
      toParent('setInstallFinish', undefined, callback);
    }
  };

  window.BX24 = BX24;
  window.addEventListener('message', onMessage);
  sendMessage('getInitData', undefined, onInitData);
})(window);
