// The machine a run was measured on: CPU, cores, memory, OS, Node, Chromium.
import { readFile } from 'node:fs/promises';
import os from 'node:os';

async function firstMatch(path, pattern) {
  try {
    return pattern.exec(await readFile(path, 'utf8'))?.[1]?.trim() ?? null;
  } catch {
    return null;
  }
}

/** `{ cpu, cores, memory, os, node, chromium }` as text. */
export async function describeMachine(browser) {
  const cpu = (await firstMatch('/proc/cpuinfo', /^model name\s*:\s*(.+)$/m)) ?? os.cpus()[0]?.model ?? 'unknown';
  const distro = (await firstMatch('/etc/os-release', /^PRETTY_NAME="?([^"\n]+)"?$/m)) ?? os.type();
  return {
    cpu,
    cores: String(os.availableParallelism?.() ?? os.cpus().length),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${distro}, Linux ${os.release()} (${os.arch()})`,
    node: process.version,
    chromium: browser.version(),
  };
}
