import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/**
 * Debian's chromium at the default path: present, or installed with apt-get when this runs as
 * root on a machine that has it (so the README's one test command also sets up the browser on a
 * fresh Debian machine). Anywhere else a missing browser is an error that says what to do.
 */
function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const hint =
    `end-to-end tests: no chromium at ${CHROMIUM_PATH}. Install Debian's chromium ` +
    '(apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.';
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (process.env.CHROMIUM_PATH !== undefined || !isRoot || !hasApt) throw new Error(hint);
  console.log('end-to-end tests: installing Debian chromium (apt-get install chromium) ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 900_000 });
    if (r.status !== 0) throw new Error(`${hint} (apt-get ${args.join(' ')} failed)`);
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(hint);
}

/** Starts one headless chromium that every test file connects to (one browser per run). */
export async function launchChromium(): Promise<BrowserServer> {
  ensureChromium();
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
