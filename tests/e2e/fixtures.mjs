// The real image fixtures of ../shared/fixtures/make-images.sh, made once into target/ (the
// script returns at once when they are there). When they cannot be made the tests skip, unless
// LAYERLINT_REQUIRE_SHARED=1 (CI), where that is a failure with the script's last words.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const SHARED = process.env.LAYERLINT_SHARED ?? join(ROOT, '..', 'shared');
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');

/**
 * The directory of the `--small` (or full) fixtures, or `{skip: reason}`. Making the small set
 * takes 15–35 s and needs root and apt; the full one 2–3 minutes and 1.6 GB.
 */
export function imageFixtures(mode = 'small') {
  const out = join(TARGET, `fixtures-${mode}`);
  if (existsSync(join(out, `fixtures-${mode}.json`))) return { dir: out };
  const script = join(SHARED, 'fixtures', 'make-images.sh');
  let why;
  if (!existsSync(script)) {
    why = `${script} not found`;
  } else {
    try {
      // Through scripts/make-fixtures.sh, which retries make-images.sh's SIGPIPE race.
      execFileSync('bash', [join(ROOT, 'scripts', 'make-fixtures.sh'), ...(mode === 'small' ? ['--small'] : []), out], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LAYERLINT_SHARED: SHARED },
      });
      if (existsSync(join(out, `fixtures-${mode}.json`))) return { dir: out };
      why = `${script} wrote no fixtures-${mode}.json`;
    } catch (error) {
      why = `${script} failed: ${String(error.stderr ?? error.message).trim().split('\n').slice(-5).join(' | ')}`;
    }
  }
  if (process.env.LAYERLINT_REQUIRE_SHARED === '1') {
    throw new Error(`LAYERLINT_REQUIRE_SHARED=1 but the image fixtures cannot be made: ${why}`);
  }
  return { skip: `image fixtures unavailable: ${why}` };
}
