/*
 * Emulated BX24.js, served by bx24-emulator at /bx24.js.
 *
 * Same callback semantics as the real library a Bitrix24 placement page
 * loads from //api.bitrix24.com/api/v1/, but talking over plain HTTP to the
 * emulator that served this file:
 *   - the frame's auth data comes from GET /placement/auth?user=<u>, where
 *     <u> is the page's own ?user= (default 1);
 *   - callMethod POSTs JSON to /rest/<method>.json with `auth`;
 *   - like the real library, an HTTP 5xx, an unparsable answer or a network
 *     error NEVER reaches the callback: it is only logged with console.warn.
 *     2xx and 4xx answers (an expired_token 401 too) are delivered.
 * A plain script: no modules, no eval.
 */
(function (window) {
  'use strict';

  var script = document.currentScript;
  // Calls go to the emulator that served this script, even from another origin.
  var base = script && script.src ? new URL(script.src).origin : window.location.origin;
  var pageUser = new URLSearchParams(window.location.search).get('user') || '1';

  var auth = null; // {access_token, refresh_token, expires (ms), domain, member_id, user_id, is_admin}
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

  function setAuth(data) {
    auth = {
      access_token: data.access_token,
      refresh_token: data.refresh_token,
      expires: Date.now() + Number(data.expires_in) * 1000,
      domain: data.domain,
      member_id: data.member_id,
      user_id: data.user_id,
      is_admin: data.is_admin === undefined && auth ? auth.is_admin : !!data.is_admin
    };
  }

  function onReady(fn) {
    if (ready) fn();
    else whenReady.push(fn);
  }

  // The real library gets this from the parent portal frame on load.
  function boot() {
    window
      .fetch(base + '/placement/auth?user=' + encodeURIComponent(pageUser))
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (data) {
        setAuth(data);
        ready = true;
        var queued = whenReady;
        whenReady = [];
        queued.forEach(function (fn) {
          later(fn);
        });
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
      .fetch(base + '/rest/' + encodeURIComponent(query.method) + '.json', {
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

    /** The portal language. */
    getLang: function () {
      return 'en';
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
      /** Opened through the main application link: `DEFAULT`, no options. */
      info: function () {
        return { placement: 'DEFAULT', options: {} };
      }
    },

    // Frame layout helpers of the real library; there is no parent frame here.
    fitWindow: function (callback) {
      if (typeof callback === 'function') later(callback);
    },
    resizeWindow: function (width, height, callback) {
      if (typeof callback === 'function') later(callback);
    },
    setTitle: function (title, callback) {
      document.title = title;
      if (typeof callback === 'function') later(callback);
    },

    /** Marks this build as the emulator's. */
    emulated: true
  };

  window.BX24 = BX24;
  boot();
})(window);
