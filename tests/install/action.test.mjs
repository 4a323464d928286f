// action.yml's lint step run as GitHub's composite runner runs it (`bash --noprofile --norc -eo
// pipefail`, inputs substituted into `env`, GITHUB_OUTPUT and RUNNER_TEMP set), with the CLI
// the build step would install put in place from the workspace's debug build (the build step
// itself, a `cargo install --profile release-cli`, is left to GitHub: minutes of LTO here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
// The YAML parser the VS Code extension ships (installed by scripts/setup.sh).
const YAML = createRequire(join(repo, 'vscode/package.json'))('yaml');
const action = YAML.parse(readFileSync(join(repo, 'action.yml'), 'utf8'));

function runStep(step, inputs, dir) {
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
  const values = { ...defaults, ...inputs };
  const env = { ...process.env, RUNNER_TEMP: join(dir, 'runner'), GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ACTION_PATH: repo };
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, key) => values[key]);
  }
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: dir, env, encoding: 'utf8' });
}

test('the lint step globs files, writes SARIF with fingerprints, honours fail-on and a baseline', () => {
  assert.equal(action.runs.using, 'composite');
  const lint = action.runs.steps.find((s) => s.id === 'lint');
  const binary = join(process.env.CARGO_TARGET_DIR ?? join(repo, 'target'), 'debug/layerlint');
  if (!existsSync(binary)) execFileSync('cargo', ['build', '--quiet', '-p', 'layerlint', '--bin', 'layerlint'], { cwd: repo });
  const dir = mkdtempSync(join(tmpdir(), 'layerlint-action-'));
  try {
    mkdirSync(join(dir, 'runner/layerlint/bin'), { recursive: true });
    symlinkSync(binary, join(dir, 'runner/layerlint/bin/layerlint'));
    mkdirSync(join(dir, 'svc/api'), { recursive: true });
    writeFileSync(join(dir, 'svc/api/Dockerfile'), 'FROM debian:12\nRUN chmod 777 /srv\n');
    writeFileSync(join(dir, 'svc/api/.dockerignore'), '.git\n');

    const failing = runStep(lint, { files: 'svc/**/Dockerfile' }, dir);
    assert.equal(failing.status, 1, failing.stderr);
    const sarif = JSON.parse(readFileSync(join(dir, 'layerlint.sarif'), 'utf8'));
    const results = sarif.runs[0].results;
    assert.ok(results.some((r) => r.ruleId === 'LL608'), JSON.stringify(results.map((r) => r.ruleId)));
    assert.ok(results.every((r) => /^[0-9a-f]{16}$/.test(r.partialFingerprints['layerlint/v1'])));
    assert.match(readFileSync(join(dir, 'output'), 'utf8'), /^report=layerlint\.sarif$/m);

    execFileSync(join(dir, 'runner/layerlint/bin/layerlint'), ['lint', '--write-baseline', 'base.json', '--fail-on', 'none', 'svc/api/Dockerfile'], { cwd: dir });
    const passing = runStep(lint, { files: 'svc/**/Dockerfile', baseline: 'base.json', format: 'json', output: 'r.json' }, dir);
    assert.equal(passing.status, 0, passing.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).files[0].findings, []);

    const none = runStep(lint, { files: 'nothing/*/Dockerfile' }, dir);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no file matches/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
