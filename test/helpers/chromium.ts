// Debian's chromium for the browser tests, driven by playwright-core (which cannot download
// browsers here). Installed with apt-get when missing, so a fresh CI machine runs the tests too;
// a machine where that fails fails the test loudly rather than skipping it. `npm test` starts the
// install in the background first (`pretest`), so the download overlaps type-checking and the build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** The background install's process id while it runs, and its output. */
const BACKGROUND_PID = join(tmpdir(), 'crossrole-chromium-install.pid');
const BACKGROUND_LOG = join(tmpdir(), 'crossrole-chromium-install.log');
// A fresh machine has no package lists yet: update only when the install alone fails.
const INSTALL_SCRIPT = 'apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }';

function installCommand(): [string, string[]] {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const [command, ...args] = [...sudo, 'sh', '-c', INSTALL_SCRIPT];
  return [command!, args];
}

const aptEnv = () => ({ ...process.env, DEBIAN_FRONTEND: 'noninteractive' });

/** Starts the install detached when chromium is missing; the browser tests wait for it. */
export function startBackgroundInstall(): void {
  if (existsSync(CHROMIUM) || running(backgroundPid())) return;
  const log = openSync(BACKGROUND_LOG, 'w');
  const [command, args] = installCommand();
  const child = spawn(command, args, { env: aptEnv(), detached: true, stdio: ['ignore', log, log] });
  if (child.pid !== undefined) writeFileSync(BACKGROUND_PID, String(child.pid));
  child.unref();
  process.stdout.write(`chromium is missing: installing it in the background for the browser tests (log: ${BACKGROUND_LOG})\n`);
}

function backgroundPid(): number | undefined {
  try {
    return Number(readFileSync(BACKGROUND_PID, 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function running(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function ensureChromium(): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (!existsSync(CHROMIUM) && running(backgroundPid()) && Date.now() < deadline) await sleep(1000);
  rmSync(BACKGROUND_PID, { force: true });
  if (existsSync(CHROMIUM)) return;
  const [command, args] = installCommand();
  const install = spawnSync(command, args, { env: aptEnv(), encoding: 'utf8', timeout: 600_000 });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing and \`apt-get install -y chromium\` did not install it (exit ${install.status}):\n${`${install.stderr ?? ''}${install.error?.message ?? ''}`.slice(-2000)}`);
}

export async function launchChromium(): Promise<Browser> {
  await ensureChromium();
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
}
