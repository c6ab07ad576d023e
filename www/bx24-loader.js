// Decides which BX24 the page uses, then loads it as a classic script.
// A portal frame gives the app DOMAIN, PROTOCOL and APP_SID in its URL query
// and `DOMAIN|PROTOCOL|APP_SID` as `window.name`:
// - framed by a real portal: the real library from api.bitrix24.com;
// - framed by the local emulator's /portal page (a loopback DOMAIN): the
//   emulator's BX24.js, which speaks the same frame protocol;
// - not framed (the emulator serving this page directly): the emulator's.
const REAL_BX24 = '//api.bitrix24.com/api/v1/';

// One IPv6 group: one to four hex digits.
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

// `::1` in any spelling (`0:0:0:0:0:0:0:1`, `0::1`, ...); no zone, no IPv4 tail.
function isIpv6Loopback(address) {
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = (part) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (![...head, ...tail].every((g) => HEX_GROUP.test(g))) return false;
  const written = head.length + tail.length;
  if (halves.length === 2 ? written > 7 : written !== 8) return false;
  const all = [...head, ...Array(8 - written).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return all.every((v, i) => v === (i === 7 ? 1 : 0));
}

// Exactly a loopback host, with an optional port 1-65535: `localhost` (any
// case), a dotted-quad IPv4 address in 127.0.0.0/8 (octets 0-255, no
// leading zeros), or `[::1]`. Not a name that merely starts like one
// (`127.attacker.example`, `127.0.0.1.nip.io`, `localhost.evil`), and
// nothing with userinfo, a path, a query or spaces
// (`127.0.0.1:1@attacker.example`).
function isLoopback(domain) {
  if (typeof domain !== 'string' || /[@/\\?#\s]/.test(domain)) return false;
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::([0-9]+))?$/.exec(domain);
  if (!match) return false;
  const [, host, port] = match;
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return false;
  if (host.startsWith('[')) return isIpv6Loopback(host.slice(1, -1));
  if (/^localhost$/i.test(host)) return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets.every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255) &&
    octets[0] === '127'
  );
}

export function bx24Source(location = window.location, name = window.name) {
  const query = new URLSearchParams(location.search);
  const [nameDomain, nameProtocol] = name.split('|');
  const domain = query.get('DOMAIN') ?? (name.split('|').length >= 3 ? nameDomain : null);
  if (!domain) return '/bx24.js';
  if (!isLoopback(domain)) return REAL_BX24;
  const protocol = (query.get('PROTOCOL') ?? nameProtocol) === '1' ? 'https' : 'http';
  return `${protocol}://${domain}/bx24.js`;
}

export function loadBx24() {
  if (globalThis.BX24) return Promise.resolve(globalThis.BX24);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = bx24Source();
    script.onload = () => resolve(globalThis.BX24);
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.append(script);
  });
}
