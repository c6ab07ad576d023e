// Starts the real portal emulator binary for a test and talks to its admin API.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// A small HTTP(S) client for the admin API that can trust the emulator's
// own certificate (Node's fetch reads extra CAs only at process start).
function call(url, { method = 'GET', body, ca } = {}) {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const root = fileURLToPath(new URL('../../', import.meta.url));
export const EMULATOR_BIN = process.env.BX24_EMULATOR ?? `${root}target/release/bx24-emulator`;

/**
 * The BX24.js the app pages load: `BX24_JS=<file>` makes the emulator serve
 * that file at /bx24.js (`--bx24-js`) instead of its emulated library, e.g. a
 * copy of the library a real portal serves. Unset: the emulated one.
 */
export const BX24_JS = process.env.BX24_JS ? resolvePath(process.env.BX24_JS) : null;

/**
 * Starts `bx24-emulator --listen 127.0.0.1:0 --admin ...args` and resolves
 * once it prints `listening on http://HOST:PORT`. Serves the demo widget
 * unless `args` names another `--www`, and the BX24_JS file if one is given.
 */
export async function startEmulator(args = []) {
  const www = args.includes('--www') ? [] : ['--www', `${root}www`];
  const bx24 = BX24_JS && !args.includes('--bx24-js') ? ['--bx24-js', BX24_JS] : [];
  const child = spawn(EMULATOR_BIN, ['--listen', '127.0.0.1:0', '--admin', ...www, '--pkg', `${root}pkg`, ...bx24, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const tls = args.includes('--tls');
  const [url, certPath] = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    let listening = null;
    lines.on('line', (line) => {
      if (listening === null) {
        const match = /^listening on (https?:\/\/\S+)$/.exec(line);
        if (!match) return reject(new Error(`unexpected first line: ${line}`));
        listening = match[1];
        if (!tls) {
          clearTimeout(timer);
          resolve([listening, null]);
        }
      } else if (tls && line.startsWith('certificate ')) {
        clearTimeout(timer);
        resolve([listening, line.slice('certificate '.length)]);
      }
    });
  });
  const ca = certPath ? await readFile(certPath, 'utf8') : undefined;
  const admin = async (path, init = {}) => {
    const response = await call(`${url}/admin/${path}`, { ...init, ca });
    if (response.status >= 400) throw new Error(`admin ${path}: HTTP ${response.status}`);
    return response.text ? JSON.parse(response.text) : null;
  };
  return {
    url,
    /** The PEM of the certificate the emulator made (with --tls). */
    ca,
    /** GET/POST any path of the emulator, trusting its certificate. */
    request: (path, init = {}) => call(`${url}${path}`, { ...init, ca }),
    statuses: (user = 1) => admin(`statuses?user=${user}`),
    requests: () => admin('requests'),
    clearRequests: () => admin('requests', { method: 'DELETE' }),
    faults: (config) => admin('faults', { method: 'POST', body: JSON.stringify(config) }),
    reset: () => admin('reset', { method: 'POST' }),
    expireTokens: () => admin('expire-tokens', { method: 'POST' }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill();
      }),
  };
}
