// Decides which BX24 the page uses, then loads it as a classic script.
// Inside a real portal, the app frame gets DOMAIN, PROTOCOL and APP_SID in
// its URL query (and BX24.js reads `window.name`): load the real library.
// Anywhere else (the local emulator serving this page), load the emulator's
// BX24, which talks to the emulator over HTTP the same way.
const REAL_BX24 = '//api.bitrix24.com/api/v1/';
const EMULATED_BX24 = '/bx24.js';

export function bx24Source(location = window.location, name = window.name) {
  const query = new URLSearchParams(location.search);
  const inPortal = (query.has('DOMAIN') && query.has('APP_SID')) || name.split('|').length >= 3;
  return inPortal ? REAL_BX24 : EMULATED_BX24;
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
