/**
 * How gradflow starts Chromium, for the end-to-end tests (test/e2e/browser.ts) and the
 * measurement scripts alike: Debian's chromium (CHROMIUM_PATH overrides it) with the flags for a
 * sandbox-less container and no background traffic.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
