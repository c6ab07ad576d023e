// Starts the real portal emulator binary for a test and talks to its admin API.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const EMULATOR_BIN = process.env.BX24_EMULATOR ?? `${root}target/release/bx24-emulator`;

/**
 * Starts `bx24-emulator --listen 127.0.0.1:0 --admin ...args` and resolves
 * once it prints `listening on http://HOST:PORT`. Serves the demo widget
 * unless `args` names another `--www`.
 */
export async function startEmulator(args = []) {
  const www = args.includes('--www') ? [] : ['--www', `${root}www`];
  const child = spawn(EMULATOR_BIN, ['--listen', '127.0.0.1:0', '--admin', ...www, '--pkg', `${root}pkg`, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${line}`));
    });
  });
  lines.on('line', () => {}); // keep draining stdout
  const admin = async (path, init = {}) => {
    const response = await fetch(`${url}/admin/${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
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
