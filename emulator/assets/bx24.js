/*
 * Emulated BX24.js, served by bx24-emulator at /bx24.js.
 *
 * Same callback semantics as the real library a Bitrix24 placement page
 * loads from //api.bitrix24.com/api/v1/, talking to the emulator:
 *   - inside a portal frame (a parent window, and window.name
 *     `DOMAIN|PROTOCOL|APP_SID`, as the emulator's /portal page sets it), the
 *     auth data comes from the parent the way the real library gets it: the
 *     message `getInitData:callbackId:APP_SID` posted to the parent, answered
 *     with `callbackId:{DOMAIN, PROTOCOL, PATH, LANG, AUTH_ID, AUTH_EXPIRES,
 *     REFRESH_ID, MEMBER_ID, IS_ADMIN, PLACEMENT, PLACEMENT_OPTIONS, ...}`;
 *     refreshAuth, resizeWindow, fitWindow, setTitle and installFinish go to
 *     the parent too, and calls go to PROTOCOL://DOMAIN + PATH;
 *   - opened directly (no portal frame), it comes from
 *     GET /placement/auth?user=<u> of the emulator that served this file,
 *     where <u> is the page's own ?user= (default 1);
 *   - callMethod POSTs JSON to /rest/<method>.json with `auth`;
 *   - like the real library, an HTTP 5xx, an unparsable answer or a network
 *     error NEVER reaches the callback: it is only logged with console.warn.
 *     2xx and 4xx answers (an expired_token 401 too) are delivered.
 * A plain script: no modules, no eval.
 */
(function (window) {
  'use strict';

  var script = document.currentScript;
  var frame = portalFrame(); // {domain, protocol, appSid, origin} inside a portal frame, else null
  // Calls go to the portal (the emulator that served this script), even from another origin.
  var base = frame ? frame.origin : script && script.src ? new URL(script.src).origin : window.location.origin;
  var restPath = '/rest';
  var pageUser = new URLSearchParams(window.location.search).get('user') || '1';

  var auth = null; // {access_token, refresh_token, expires (ms), domain, member_id, user_id, is_admin}
  var frameData = null; // the parent's getInitData answer
  var ready = false;
  var whenReady = []; // functions waiting for the auth data
  var refreshWaiters = null; // callbacks waiting for a refresh in flight

  function later(fn) {
    window.setTimeout(fn, 0);
  }

  function warn(message, detail) {
    if (window.console && window.console.warn) {
      window.console.warn('BX24: ' + message, detail === undefined ? '' : detail);
    }
  }

  function clone(value) {
    if (value === null || typeof value !== 'object') return value;
    var copy = Array.isArray(value) ? [] : {};
    for (var key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key)) {
        // Callbacks are kept as they are; data is copied.
        copy[key] = typeof value[key] === 'function' ? value[key] : clone(value[key]);
      }
    }
    return copy;
  }

  /** `DOMAIN|PROTOCOL|APP_SID` in window.name of a framed page, as a portal sets it. */
  function portalFrame() {
    if (!window.parent || window.parent === window || typeof window.name !== 'string') return null;
    var parts = window.name.split('|');
    if (parts.length !== 3 || !parts[0] || !parts[2]) return null;
    var protocol = parts[1] === '1';
    try {
      var origin = new URL((protocol ? 'https://' : 'http://') + parts[0]).origin;
      return { domain: parts[0], protocol: protocol, appSid: parts[2], origin: origin };
    } catch (e) {
      return null;
    }
  }

  function setAuth(data) {
    var previous = auth || {};
    auth = {
      access_token: data.access_token,
      refresh_token: data.refresh_token,
      expires: Date.now() + Number(data.expires_in) * 1000,
      // A refresh answer does not repeat who and where: keep what init said.
      domain: data.domain || previous.domain,
      member_id: data.member_id || previous.member_id,
      user_id: data.user_id || previous.user_id,
      is_admin: data.is_admin === undefined ? !!previous.is_admin : !!data.is_admin
    };
  }

  /** The parent's AUTH_ID/REFRESH_ID/... names → the /placement/auth names. */
  function setFrameAuth(data) {
    setAuth({
      access_token: data.AUTH_ID,
      refresh_token: data.REFRESH_ID,
      expires_in: data.AUTH_EXPIRES,
      domain: data.DOMAIN,
      member_id: data.MEMBER_ID,
      is_admin: data.IS_ADMIN
    });
  }

  // Messages to the portal frame: `command:params:callbackId:appSid`, params
  // JSON (left out when there are none); the answer is `callbackId:JSON`.
  var parentCallbacks = {};
  var nextCallback = 0;

  function sendToParent(command, params, callback) {
    nextCallback += 1;
    var id = 'bx24emu' + nextCallback + Date.now().toString(36);
    parentCallbacks[id] = callback;
    var fields = [params === undefined ? '' : JSON.stringify(params), id, frame.appSid].filter(Boolean);
    window.parent.postMessage(command + ':' + fields.join(':'), frame.origin);
  }

  function onParentMessage(event) {
    // Only the portal that framed us answers; anything else is not ours.
    if (event.source !== window.parent || event.origin !== frame.origin || typeof event.data !== 'string') return;
    var colon = event.data.indexOf(':');
    var id = colon < 0 ? event.data : event.data.slice(0, colon);
    var text = colon < 0 ? '' : event.data.slice(colon + 1);
    if (!Object.prototype.hasOwnProperty.call(parentCallbacks, id)) return;
    var callback = parentCallbacks[id];
    delete parentCallbacks[id];
    var data;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        warn('unparsable answer from the portal frame', text);
        return;
      }
    }
    if (typeof callback === 'function') callback(data);
  }

  function onReady(fn) {
    if (ready) fn();
    else whenReady.push(fn);
  }

  function becomeReady() {
    ready = true;
    var queued = whenReady;
    whenReady = [];
    queued.forEach(function (fn) {
      later(fn);
    });
  }

  // Like the real library: the frame's data comes from the parent portal on
  // load; a page opened on its own asks the emulator for it instead.
  function boot() {
    if (frame) {
      window.addEventListener('message', onParentMessage);
      sendToParent('getInitData', undefined, function (data) {
        if (!data || !data.AUTH_ID) {
          warn('getInitData: no auth data from the portal frame', data);
          return;
        }
        frameData = data;
        var protocol = Number(data.PROTOCOL) === 1;
        var domain = String(data.DOMAIN || frame.domain).replace(/:(80|443)$/, '');
        base = (protocol ? 'https://' : 'http://') + domain;
        restPath = data.PATH || '/rest';
        setFrameAuth(data);
        becomeReady();
      });
      return;
    }
    window
      .fetch(base + '/placement/auth?user=' + encodeURIComponent(pageUser))
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) {
        setAuth(data);
        becomeReady();
      })
      .catch(function (error) {
        warn('no auth data from ' + base + '/placement/auth', error);
      });
  }

  function ajaxError(status, ex) {
    return {
      status: status,
      ex: ex,
      toString: function () {
        return this.ex.error + (this.ex.error_description ? ': ' + this.ex.error_description : '') + ' (' + this.status + ')';
      }
    };
  }

  /** The object every callback receives, as in the real library. */
  function AjaxResult(answer, query, status) {
    this.answer = answer;
    this.query = clone(query);
    this.status = status;
    if (typeof this.answer.next !== 'undefined') this.answer.next = parseInt(this.answer.next, 10);
    if (typeof this.answer.error !== 'undefined') {
      this.answer.ex = ajaxError(this.status, typeof this.answer.error === 'string' ? this.answer : this.answer.error);
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
    call(this.query);
    return true;
  };

  /** PHP bracket encoding of params, for the commands of a batch. */
  function prepareData(data, prefix) {
    var parts = [];
    for (var key in data) {
      if (!Object.prototype.hasOwnProperty.call(data, key)) continue;
      var name = prefix ? prefix + '[' + encodeURIComponent(key) + ']' : encodeURIComponent(key);
      var value = data[key];
      if (value === undefined || typeof value === 'function') continue;
      if (value !== null && typeof value === 'object') {
        var nested = prepareData(value, name);
        if (nested) parts.push(nested);
      } else {
        if (value === null) value = '';
        if (typeof value === 'boolean') value = value ? 1 : 0;
        parts.push(name + '=' + encodeURIComponent(value));
      }
    }
    return parts.join('&');
  }

  function deliver(query, answer, status) {
    if (typeof query.callback !== 'function') return;
    var result = new AjaxResult(answer, query, status);
    // Outside any promise chain, so a throwing callback surfaces normally.
    later(function () {
      query.callback.call(window, result);
    });
  }

  function send(query) {
    var body = clone(query.data) || {};
    if (typeof query.start !== 'undefined') body.start = query.start;
    body.auth = auth.access_token;
    window
      .fetch(base + restPath + '/' + encodeURIComponent(query.method) + '.json', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      })
      .then(
        function (response) {
          return response.text().then(function (text) {
            if (response.status >= 500) {
              warn('HTTP ' + response.status + ' from ' + query.method + '; the callback is not called', text);
              return;
            }
            var answer;
            try {
              answer = JSON.parse(text);
            } catch (e) {
              warn('unparsable answer from ' + query.method + '; the callback is not called', text);
              return;
            }
            deliver(query, answer, response.status);
          });
        },
        function (error) {
          warn('network error on ' + query.method + '; the callback is not called', error);
        }
      );
  }

  function call(query) {
    onReady(function () {
      // Docs (BX24.getAuth): a token past its expiry is renewed on the next call.
      if (auth.expires > Date.now()) send(query);
      else refreshAuth(function () {
        send(query);
      });
    });
  }

  function getAuth() {
    if (!auth || auth.expires <= Date.now()) return false;
    return {
      access_token: auth.access_token,
      refresh_token: auth.refresh_token,
      expires_in: auth.expires,
      domain: auth.domain,
      member_id: auth.member_id
    };
  }

  function refreshAuth(callback) {
    onReady(function () {
      if (refreshWaiters) {
        refreshWaiters.push(callback);
        return;
      }
      refreshWaiters = [callback];
      var finish = function () {
        var waiters = refreshWaiters;
        refreshWaiters = null;
        waiters.forEach(function (cb) {
          if (typeof cb === 'function') later(function () { cb(getAuth()); });
        });
      };
      if (frame) {
        // The real library asks the portal frame, which answers
        // `{AUTH_ID, AUTH_EXPIRES, REFRESH_ID}`.
        sendToParent('refreshAuth', undefined, function (data) {
          if (data && data.AUTH_ID) setFrameAuth(data);
          else warn('refreshAuth: no auth data from the portal frame', data);
          finish();
        });
        return;
      }
      var form =
        'grant_type=refresh_token&client_id=app.local.emulator&client_secret=emulator&refresh_token=' +
        encodeURIComponent(auth.refresh_token);
      window
        .fetch(base + '/oauth/token/', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form
        })
        .then(function (response) {
          if (response.ok) return response.json();
          // A spent refresh token (e.g. after /admin/reset elsewhere): the
          // portal frame would still hand out fresh auth, so ask for it.
          return window.fetch(base + '/placement/auth?user=' + encodeURIComponent(auth.user_id || pageUser)).then(function (r) {
            if (!r.ok) throw new Error('HTTP ' + r.status);
            return r.json();
          });
        })
        .then(function (data) {
          setAuth(data);
          finish();
        })
        .catch(function (error) {
          warn('refreshAuth failed', error);
          finish();
        });
    });
  }

  var BX24 = {
    /** Runs `callback` once the frame's auth data is there (always asynchronously). */
    init: function (callback) {
      onReady(function () {
        if (typeof callback === 'function') later(callback);
      });
    },

    /** Runs `callback` when the DOM is ready. */
    ready: function (callback) {
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', callback);
      else later(callback);
    },

    /** Calls a REST method; `callback(ajaxResult)` for 2xx and 4xx answers only. */
    callMethod: function (method, params, callback) {
      call({ method: method, data: params || {}, callback: callback });
    },

    /** One `batch` request; `callback` gets ajaxResults keyed like `calls`. */
    callBatch: function (calls, callback, haltOnError) {
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
      call({
        method: 'batch',
        data: { halt: haltOnError ? 1 : 0, cmd: commands },
        callback: function (result) {
          if (typeof callback !== 'function') return;
          if (result.error()) {
            callback.call(window, result);
            return;
          }
          var data = result.data() || {};
          var pick = function (container, k) {
            return container === null || container === undefined ? undefined : container[k];
          };
          var results = isArray ? [] : {};
          for (var k in cmd) {
            if (!Object.prototype.hasOwnProperty.call(cmd, k)) continue;
            var error = pick(data.result_error, k);
            var answer = {
              result: pick(data.result, k),
              total: pick(data.result_total, k),
              next: pick(data.result_next, k),
              time: pick(data.result_time, k)
            };
            if (error) {
              answer.error = error;
              answer.error_description = error.error_description;
            }
            results[k] = new AjaxResult(answer, { method: cmd[k][0], data: cmd[k][1], callback: callback }, result.status);
          }
          callback.call(window, results);
        }
      });
      return true;
    },

    /** `{access_token, refresh_token, expires_in, domain, member_id}`, or false before init / after expiry. */
    getAuth: getAuth,

    /** Gets a new token through the refresh grant; `callback(getAuth())`. */
    refreshAuth: refreshAuth,

    /** The portal language (the frame's LANG; `en` outside a frame). */
    getLang: function () {
      return (frameData && frameData.LANG) || 'en';
    },

    /** The portal's domain (`HOST:PORT`). */
    getDomain: function () {
      return auth ? auth.domain : false;
    },

    /** Whether the current user administers the portal. */
    isAdmin: function () {
      return !!(auth && auth.is_admin);
    },

    placement: {
      /** The frame's PLACEMENT and PLACEMENT_OPTIONS; outside a frame `DEFAULT`, no options. */
      info: function () {
        if (!frameData) return { placement: 'DEFAULT', options: {} };
        return { placement: frameData.PLACEMENT || 'DEFAULT', options: frameData.PLACEMENT_OPTIONS || {} };
      }
    },

    // Frame layout helpers: messages to the portal frame; outside one, no-ops.
    fitWindow: function (callback) {
      var root = document.documentElement;
      BX24.resizeWindow(root.scrollWidth, Math.max(root.scrollHeight, document.body ? document.body.scrollHeight : 0), callback);
    },
    resizeWindow: function (width, height, callback) {
      toParent('resizeWindow', { width: width, height: height }, callback);
    },
    setTitle: function (title, callback) {
      if (!frame) document.title = title;
      toParent('setTitle', { title: String(title) }, callback);
    },
    /** Tells the portal the app's installation is done. */
    installFinish: function (callback) {
      toParent('setInstallFinish', undefined, callback);
    },

    /** Marks this build as the emulator's. */
    emulated: true
  };

  /** A command for the portal frame; outside a frame only the callback runs. */
  function toParent(command, params, callback) {
    var done = function () {
      if (typeof callback === 'function') later(callback);
    };
    if (frame) sendToParent(command, params, done);
    else done();
  }

  window.BX24 = BX24;
  boot();
})(window);
