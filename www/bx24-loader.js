// Decides which BX24 the page uses, then loads it as a classic script.
// A portal frame gives the app DOMAIN, PROTOCOL and APP_SID in its URL query
// and `DOMAIN|PROTOCOL|APP_SID` as `window.name`:
// - framed by a real portal: the real library from api.bitrix24.com;
// - framed by the local emulator's /portal page (a loopback DOMAIN): the
//   emulator's BX24.js, which speaks the same frame protocol;
// - not framed (the emulator serving this page directly): the emulator's.
const REAL_BX24 = '//api.bitrix24.com/api/v1/';

function isLoopback(domain) {
  const host = domain.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
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
