// The pre-commit hook as a user's repository runs it: `pre-commit try-repo <this repo>
// layerlint --files Dockerfile` with PyPI's pre-commit (installed by scripts/setup.sh in
// .tools/pre-commit). The hook builds the CLI in the dev profile here (LAYERLINT_HOOK_PROFILE)
// into the workspace's target directory, whose dependencies `cargo test` has already built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const preCommit = join(repo, '.tools/pre-commit/bin/pre-commit');

function run(cwd, cmd, args) {
  const env = {
    ...process.env,
    LAYERLINT_HOOK_PROFILE: 'dev',
    CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(repo, 'target'),
    PRE_COMMIT_HOME: join(cwd, '.pre-commit-home'),
  };
  return spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
}

test('pre-commit try-repo runs the hook: a finding fails it, a clean Dockerfile passes', () => {
  assert.ok(existsSync(preCommit), `${preCommit} missing: run scripts/setup.sh`);
  const dir = mkdtempSync(join(tmpdir(), 'layerlint-pre-commit-'));
  try {
    assert.equal(run(dir, 'git', ['init', '-q', '.']).status, 0);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nRUN curl -fsSL https://x.io/i.sh | sh\n');
    assert.equal(run(dir, 'git', ['add', 'Dockerfile']).status, 0);
    const failing = run(dir, preCommit, ['try-repo', repo, 'layerlint', '--files', 'Dockerfile']);
    const output = failing.stdout + failing.stderr;
    assert.equal(failing.status, 1, output);
    assert.match(output, /layerlint\.+Failed/);
    assert.match(output, /2:5 {2}warning {2}LL607 {2}`curl … \| sh` runs a downloaded script unchecked/);

    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n');
    const passing = run(dir, preCommit, ['try-repo', repo, 'layerlint', '--files', 'Dockerfile']);
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /layerlint\.+Passed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
