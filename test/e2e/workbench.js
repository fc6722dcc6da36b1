// Small helpers to drive the VS Code workbench in the browser (code-server 4.100 / VS Code 1.100).

/** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor. */
async function openFile(page, rel) {
  const base = rel.split('/').pop();
  const dir = rel.split('/').slice(0, -1).join('/');
  await until(async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await page.keyboard.type(`${dir ? `${dir}/` : ''}${base}`, { delay: 10 });
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: base }).filter({ hasText: dir || base }).first();
    const ok = await row.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false);
    if (!ok) {
      await page.keyboard.press('Escape'); // file search not ready yet: try again
      return false;
    }
    await page.keyboard.press('Enter');
    return true;
  }, `Quick Open to find ${rel}`, 30000);
  await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Moves the cursor with Go to Line/Column (1-based). */
async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Runs a command through the command palette by its exact title. */
async function runCommand(page, title) {
  await until(async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    const open = await input.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    if (!open) {
      await page.keyboard.press('Escape'); // something held the focus: try again
      return false;
    }
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
    return true;
  }, `the command palette for "${title}"`, 30000);
}

/** The Problems panel's filter box. */
async function filterProblems(page, text) {
  const box = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
  if (!(await box.isVisible())) await page.keyboard.press('Control+Shift+M');
  await box.waitFor({ state: 'visible' });
  await box.fill(text);
}

function problemRows(page, text) {
  return page.locator('.markers-panel .monaco-list-row', { hasText: text });
}

async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const safeFix = (f) => f.fixes.find((x) => x.kind === 'safe' && x.edits.length > 0 && x.edits.every((e) => e.file === f.file));

/** The Terraform finding the scenarios show: one with a safe fix when there is one. */
function pickTarget(scan) {
  const shown = (f) => f.file.endsWith('.tf') && !f.suppressed && f.severity !== 'info';
  const f = scan.findings.find((x) => shown(x) && safeFix(x)) ?? scan.findings.find(shown);
  if (!f) throw new Error(`no Terraform finding among ${scan.findings.length}`);
  return { ...f, fix: safeFix(f) };
}

/** A finding with a safe fix for the quick-fix scenario: Terraform first, else any input kind. */
function pickFixTarget(scan) {
  const ok = (f) => !f.suppressed && f.severity !== 'info' && safeFix(f);
  const f = scan.findings.find((x) => x.file.endsWith('.tf') && ok(x)) ?? scan.findings.find(ok);
  if (!f) throw new Error(`the scan has no finding with a safe fix among ${scan.findings.length}`);
  return { ...f, fix: safeFix(f) };
}

module.exports = { openFile, goTo, runCommand, filterProblems, problemRows, until, pickTarget, pickFixTarget };
