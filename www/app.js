// The demo page, a placement app like any other: it loads BX24.js (which
// one: bx24-loader.js), and <bx24-my-meetings> in index.html does the rest.
// Knobs for trying failure handling (the tests use them): `?timeoutMs=`
// shortens the wait for an answer (default 30 s), `?retries=` changes how
// often a failed call is retried (default 3). They go to the module's
// configure(), which needs init() first; the element is imported after
// that, so that one init() has finished before it calls its own.
import init, { configure } from './pkg/bx24_meeting.js';
import { loadBx24 } from './bx24-loader.js';

const query = new URLSearchParams(window.location.search);
const settings = {};
if (query.has('timeoutMs')) settings.timeoutMs = Number(query.get('timeoutMs'));
if (query.has('retries')) settings.retries = Number(query.get('retries'));

// Ready (for the tests) once the first load has ended, either way.
const widget = document.querySelector('bx24-my-meetings');
const ready = () => (document.body.dataset.ready = 'true');
widget.addEventListener('meetings-load', ready, { once: true });
widget.addEventListener('meetings-error', ready, { once: true });

// Failures here are the element's to show: it tries init() again, and
// without BX24 it says where to open the page.
const loaded = Promise.all([
  init().then(() => Object.keys(settings).length && configure(settings)),
  loadBx24(),
]);
await loaded.catch((error) => console.warn('bx24-meeting demo:', error));
await import('./bx24-my-meetings/index.js');
