// An in-page BX24 that answers at once: init(cb) calls back immediately and
// callMethod answers synchronously through the callback, so only the
// contenders' own work is timed. `portal.answer` picks the answer: 'ok'
// (result true) or 'invalid' (the portal's 400 for a bad status, error "").
(function () {
  'use strict';
  var OK = { data: function () { return true; }, error: function () { return undefined; } };
  var INVALID_ERROR = {
    status: 400,
    ex: { error: '', error_description: 'Недопустимое значение параметра "status"' },
    toString: function () { return ': ' + this.ex.error_description + ' (400)'; }
  };
  var INVALID = { data: function () { return undefined; }, error: function () { return INVALID_ERROR; } };

  window.portal = { answer: 'ok', dispatches: 0 };
  window.BX24 = {
    init: function (cb) { cb(); },
    callMethod: function (method, params, cb) {
      window.portal.dispatches += 1;
      cb(window.portal.answer === 'ok' ? OK : INVALID);
    }
  };
})();
