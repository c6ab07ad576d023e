// Which BX24.js the widget loads for a given frame: www/bx24-loader.js's
// bx24Source. Only an exact loopback DOMAIN (a local emulator) may replace
// the real library; every other DOMAIN, however it is dressed up, gets the
// real library and never a URL built from it. Runs without a build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bx24Source } from '../../www/bx24-loader.js';

const REAL_BX24 = '//api.bitrix24.com/api/v1/';

// A frame's location with DOMAIN (encoded, so the loader sees it exactly).
const framed = (domain, protocol = '0') => ({
  search: `?DOMAIN=${encodeURIComponent(domain)}&PROTOCOL=${protocol}&APP_SID=x`,
});

const LOOPBACK = [
  'localhost',
  'LOCALHOST',
  'localhost:8024',
  '127.0.0.1',
  '127.0.0.1:8024',
  '127.0.0.1:1',
  '127.0.0.1:65535',
  '127.255.255.255',
  '127.1.2.3:80',
  '[::1]',
  '[::1]:8024',
  '[0:0:0:0:0:0:0:1]',
  '[0::1]',
];

const NOT_LOOPBACK = [
  // Names that only start like a loopback host.
  '127.attacker.example',
  '127.0.0.1.nip.io',
  '127.0.0.1.',
  'localhost.evil',
  'localhost.',
  'evil-localhost',
  // Userinfo, paths, queries, fragments, backslashes, spaces.
  '127.0.0.1:1@attacker.example',
  'localhost@attacker.example',
  'user:pw@127.0.0.1',
  '127.0.0.1/@attacker.example',
  '127.0.0.1\\@attacker.example',
  '127.0.0.1\\attacker.example',
  '127.0.0.1?@attacker.example',
  '127.0.0.1#@attacker.example',
  '127.0.0.1 attacker.example',
  '127.0.0.1\t',
  ' 127.0.0.1',
  // Ports outside 1-65535, or not all digits.
  '127.0.0.1:0',
  '127.0.0.1:99999',
  '127.0.0.1:65536',
  '127.0.0.1:',
  '127.0.0.1:+80',
  '127.0.0.1:80a',
  '127.0.0.1:1:2',
  '[::1]:0',
  '[::1]:',
  // Not a dotted quad in 127.0.0.0/8.
  '10.0.0.1',
  '128.0.0.1',
  '0127.0.0.1',
  '127.0.0.01',
  '127.0.0.256',
  '+127.0.0.1',
  '127.1',
  '127.0.0.1.1',
  '2130706433',
  '0x7f.0.0.1',
  // Not ::1.
  '::1',
  '[::1',
  '[::]',
  '[::2]',
  '[1::]',
  '[::1%25lo]',
  '[::ffff:127.0.0.1]',
  '[::1]x',
  '[::1]attacker.example',
  // Real portals.
  'example.bitrix24.com',
  'example.bitrix24.com:443',
];

test('an exact loopback DOMAIN loads the emulator BX24.js from it', () => {
  for (const domain of LOOPBACK) {
    assert.equal(bx24Source(framed(domain), ''), `http://${domain}/bx24.js`, domain);
    assert.equal(bx24Source(framed(domain, '1'), ''), `https://${domain}/bx24.js`, domain);
  }
});

test('any other DOMAIN loads the real library', () => {
  for (const domain of NOT_LOOPBACK) {
    assert.equal(bx24Source(framed(domain), ''), REAL_BX24, domain);
    assert.equal(bx24Source(framed(domain, '1'), ''), REAL_BX24, domain);
  }
});

test('an unencoded query is judged after decoding, the same way', () => {
  assert.equal(bx24Source({ search: '?DOMAIN=127.0.0.1:1@attacker.example&PROTOCOL=0' }, ''), REAL_BX24);
  assert.equal(bx24Source({ search: '?DOMAIN=127.0.0.1:1%40attacker.example&PROTOCOL=0' }, ''), REAL_BX24);
  assert.equal(bx24Source({ search: '?DOMAIN=127.attacker.example&PROTOCOL=0' }, ''), REAL_BX24);
  assert.equal(bx24Source({ search: '?DOMAIN=127.0.0.1:8024&PROTOCOL=0' }, ''), 'http://127.0.0.1:8024/bx24.js');
});

test('the DOMAIN from window.name follows the same rule', () => {
  const none = { search: '' };
  assert.equal(bx24Source(none, '127.0.0.1:8024|1|sid'), 'https://127.0.0.1:8024/bx24.js');
  assert.equal(bx24Source(none, 'localhost|0|sid'), 'http://localhost/bx24.js');
  assert.equal(bx24Source(none, '127.attacker.example|0|sid'), REAL_BX24);
  assert.equal(bx24Source(none, '127.0.0.1:1@attacker.example|0|sid'), REAL_BX24);
});

test('not framed: the page origin serves BX24.js', () => {
  assert.equal(bx24Source({ search: '' }, ''), '/bx24.js');
  assert.equal(bx24Source({ search: '' }, 'some-window-name'), '/bx24.js');
});
