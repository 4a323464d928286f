// The lint page end to end: type a Dockerfile, read the findings, click one, check the
// selection; and nothing leaves 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDir, openPage, foreignRequests, editorState } from './harness.mjs';

let browser, site, root;
before(async () => {
  browser = await launch();
  site = await serveDir('site');
  root = await serveDir('.');
});
after(async () => {
  await browser?.close();
  await site?.close();
  await root?.close();
});

const DOCKERFILE = 'FROM ubuntu:latest\nRUN mkdir -p /app\nRUN useradd --create-home a\n';

/** Findings as shown: [{rule, line, where}] in list order. */
async function shownFindings(page) {
  return page.$$eval('#findings .finding', (items) => items.map((li) => ({
    rule: li.dataset.rule,
    line: Number(li.dataset.line),
    where: li.querySelector('.where').textContent,
  })));
}

async function typeDockerfile(page, text) {
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  await page.click('#clear');
  await page.click('#editor .cm-content');
  await page.keyboard.type(text);
  // Live linting is debounced: wait for the list to reflect what was typed (the example's
  // findings, shown until then, are three as well, but none is LL302).
  await page.waitForFunction(() => document.querySelectorAll('#findings .finding').length === 3
    && document.querySelector('#findings .finding[data-rule="LL302"]'));
}

test('typing a Dockerfile shows the three findings on the right lines', async () => {
  const { page, requests, errors, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  const findings = await shownFindings(page);
  assert.deepEqual(findings.map((f) => [f.rule, f.line]).sort(), [['LL101', 3], ['LL201', 1], ['LL302', 1]]);
  assert.equal(findings.find((f) => f.rule === 'LL302').where, '1:6');
  assert.match(await page.textContent('#summary'), /3 warnings/);
  assert.deepEqual(foreignRequests(requests, site.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('clicking a finding selects its span in the editor', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#findings .finding[data-rule="LL302"] .finding-main');
  const { selected, focused } = await editorState(page);
  assert.equal(selected, 'ubuntu:latest');
  assert.ok(focused, 'the editor has the focus');

  await page.click('#findings .finding[data-rule="LL101"] .finding-main');
  assert.equal((await editorState(page)).selected, 'RUN useradd --create-home a');
  await close();
});

test('apply fix joins the RUNs and the finding disappears', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#findings .finding[data-rule="LL101"] .actions button');
  await page.waitForFunction(() => !document.querySelector('#findings .finding[data-rule="LL101"]'));
  assert.equal(
    (await editorState(page)).text,
    'FROM ubuntu:latest\nRUN mkdir -p /app && \\\n    useradd --create-home a\n',
  );
  await close();
});

test('copy report as JSON puts the report on the clipboard', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`, { permissions: ['clipboard-read', 'clipboard-write'] });
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#copy-json');
  const report = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.equal(report.files[0].findings.length, 3);
  assert.deepEqual(report.files[0].findings.find((f) => f.rule === 'LL302').aliases, ['DL3007']);
  await close();
});

test('the example loads on first visit, and user text is shown as text, never markup', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  assert.match((await editorState(page)).text, /^# syntax=docker\/dockerfile:1\nFROM python:3\.12/);
  await page.click('#clear');
  await page.click('#editor .cm-content');
  await page.keyboard.type('FROM <img src=x onerror=alert(1)>\nRUNN x\n');
  await page.waitForSelector('#findings .finding[data-rule="LL001"]');
  assert.equal(await page.$$eval('#editor img, #findings img', (els) => els.length), 0);
  assert.match((await editorState(page)).text, /^FROM <img src=x onerror=alert\(1\)>/);
  await close();
});

test('the page also works at /web/index.html with the repository root served', async () => {
  const { page, requests, errors, close } = await openPage(browser, `${root.url}/web/index.html`);
  await typeDockerfile(page, DOCKERFILE);
  assert.equal((await shownFindings(page)).length, 3);
  assert.deepEqual(foreignRequests(requests, root.url), []);
  assert.deepEqual(errors, []);
  await close();
});

test('the layout holds on a phone-sized screen', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`, { viewport: { width: 390, height: 844 }, isMobile: true });
  await page.waitForSelector('#findings .finding');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await close();
});

test('a finding links to its rule documentation, generated from the rule', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  assert.equal((await page.textContent('#findings .finding[data-rule="LL302"] .rule-name')).trim(), 'latest-tag');
  await page.click('#findings .finding[data-rule="LL302"] .doc-link');
  await page.waitForSelector('#view-rules:not([hidden])');
  const card = page.locator('#rule-LL302');
  assert.equal(await card.locator('h3').textContent(), 'Image with the `latest` tag');
  assert.match(await card.locator('.ids').textContent(), /DL3007/);
  assert.match(await card.locator('pre.bad').textContent(), /FROM node:latest/);
  assert.equal(await card.locator('.rule-name').textContent(), 'latest-tag');
  await page.fill('#rule-filter', 'apt-no-install-recommends');
  assert.deepEqual(await page.$$eval('.rule-card:not([hidden])', (els) => els.map((e) => e.id)), ['rule-LL104']);
  await page.fill('#rule-filter', 'dl3006');
  assert.deepEqual(await page.$$eval('.rule-card:not([hidden])', (els) => els.map((e) => e.id)), ['rule-LL301']);
  await close();
});

test('switching a rule off or changing its severity relints and is kept', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#tab-rules');
  await page.uncheck('#rule-LL201 input[type="checkbox"]');
  await page.selectOption('#rule-LL101 select', 'error');
  await page.click('#tab-findings');
  await page.waitForFunction(() => document.querySelectorAll('#findings .finding').length === 2);
  assert.equal(await page.textContent('#findings .finding[data-rule="LL101"] .badge'), 'error');
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('#findings .finding').length === 2);
  await page.click('#tab-rules'); // the rules' documentation is fetched when the tab opens
  assert.equal(await page.isChecked('#rule-LL201 input[type="checkbox"]'), false);
  await close();
});

test('settings are saved from the dialog and reset', async () => {
  const { page, close } = await openPage(browser, `${site.url}/`);
  await typeDockerfile(page, DOCKERFILE);
  await page.click('#open-settings');
  await page.fill('#settings-form input[name="trustedRegistries"]', 'ghcr.io, docker.io');
  await page.fill('#settings-form textarea[name="labelSchema"]', 'no colon here');
  await page.click('#settings-form button[value="save"]');
  assert.match(await page.textContent('#settings-error'), /not "label: type"/);
  await page.fill('#settings-form textarea[name="labelSchema"]', 'org.opencontainers.image.source: url');
  await page.click('#settings-form button[value="save"]');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('layerlint.config')));
  assert.deepEqual(saved.trustedRegistries, ['ghcr.io', 'docker.io']);
  assert.deepEqual(saved.labelSchema, { 'org.opencontainers.image.source': 'url' });
  await page.click('#open-settings');
  await page.click('#settings-reset');
  assert.equal(await page.evaluate(() => localStorage.getItem('layerlint.config')), null);
  await close();
});

test('a .dockerignore opened beside the Dockerfile turns on the .dockerignore rules', async () => {
  const { page, errors, close } = await openPage(browser, site.url);
  await page.waitForFunction(() => document.body.dataset.firstLintMs);
  await page.click('#clear');
  await page.click('#editor .cm-content');
  await page.keyboard.type('FROM scratch\nCOPY .env /app/\nCOPY . /app\n');
  // Without a build context the rules that need one stay off: this file has no finding.
  await page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('No findings'));
  await page.setInputFiles('#open-file', { name: '.dockerignore', mimeType: 'text/plain', buffer: Buffer.from('.env\n<b>x</b>\n') });
  await page.waitForFunction(() => document.querySelector('#findings .finding[data-rule="LL719"]')
    && document.querySelector('#build-context').textContent === 'With a .dockerignore of 2 patterns. Forget it');
  assert.equal(await page.$('#build-context b'), null, 'its text stays text');
  assert.match((await editorState(page)).text, /COPY \.env/, 'the Dockerfile stays in the editor');
  await page.click('#build-context button');
  await page.waitForFunction(() => !document.querySelector('#findings .finding[data-rule="LL719"]'));
  assert.equal(await page.$eval('#build-context', (el) => el.textContent), '');
  assert.deepEqual(errors, []);
  await close();
});
