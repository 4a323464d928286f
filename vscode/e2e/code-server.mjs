// A real VS Code for the end-to-end suite: code-server 4.100.3 (VS Code 1.100.3), installed by
// scripts/setup.sh into .tools/code-server/, with a fresh profile per run, serving the workbench
// on 127.0.0.1. Recipe: ../shared/docs/toolchain.md, "A real VS Code, offline".
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CODE_SERVER = join(ROOT, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');

/** Settings for a closed network and a quiet first start (toolchain.md, step 4). */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.gallery.serviceUrl': '',
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'chat.disableAIFeatures': true,
  // VS Code for the web saves after a delay by default: the tests tell typing from saving.
  'files.autoSave': 'off',
};

const INSTALL_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;

function run(file, args, timeout) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) {
        const why = error.killed ? `timed out after ${timeout / 1000} s` : error.message;
        reject(new Error(`${file} ${args.join(' ')}: ${why}\n${stderr}`));
      } else {
        resolve(`${stdout}${stderr}`);
      }
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * A fresh profile (with `vsix` installed, if given), and code-server serving it. Resolves to
 * `{url(folder), dir, log(), stop()}`; `stop()` kills the server (its whole process group) and
 * removes the profile. Throws with code-server's own words when it fails or does not start in
 * time.
 */
export async function startCodeServer({ vsix }) {
  if (!existsSync(CODE_SERVER)) throw new Error(`${CODE_SERVER} not found: run scripts/setup.sh test`);
  const dir = mkdtempSync(join(tmpdir(), 'layerlint-code-server-'));
  const config = join(dir, 'config.yaml'); // else code-server writes ~/.config/code-server/config.yaml
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  writeFileSync(config, 'auth: none\n');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  const profile = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  if (vsix) {
    const installed = await run(CODE_SERVER, [...profile, '--install-extension', vsix], INSTALL_TIMEOUT_MS);
    if (!/successfully installed/i.test(installed)) throw new Error(`installing ${vsix} failed:\n${installed}`);
  }

  const port = await freePort();
  const output = [];
  const child = spawn(CODE_SERVER, [...profile, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'], {
    detached: true, // its own process group: stop() kills the server and every helper it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  let exited = null;
  child.on('exit', (code, signal) => { exited = `exited (${signal ?? code})`; });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    process.off('exit', stop);
    if (!exited) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Also when the test process ends without `after` (a crash, a runner timeout): no server left behind.
  process.on('exit', stop);
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (exited) throw new Error(`code-server ${exited}:\n${output.join('')}`);
      if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz in ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`);
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    stop();
    throw error;
  }
  return {
    dir,
    url: (folder) => `${base}/?folder=${encodeURIComponent(folder)}`,
    origin: base,
    log: () => output.join(''),
    stop,
  };
}
