// Debian's chromium for the browser tests, driven by playwright-core (which cannot download
// browsers here). Installed with apt-get when missing, so a fresh CI machine runs the tests too;
// a machine where that fails fails the test loudly rather than skipping it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (...args: string[]) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    return spawnSync(command!, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 600_000 });
  };
  let install = apt('install', '-y', 'chromium');
  // A fresh machine has no package lists yet.
  if (install.status !== 0) {
    apt('update');
    install = apt('install', '-y', 'chromium');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and \`apt-get install -y chromium\` did not install it (exit ${install.status}):\n${`${install.stderr ?? ''}${install.error?.message ?? ''}`.slice(-2000)}`);
}

export async function launchChromium(): Promise<Browser> {
  ensureChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
}
