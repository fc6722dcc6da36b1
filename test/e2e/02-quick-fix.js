// Ctrl+. on the flagged range offers the control's fix; applying it clears that problem.
const { filterProblems, goTo, openFile, pickFixTarget, until } = require('./workbench');

/** The Problems filter's "Showing N of M" count. */
async function shown(page) {
  const m = /Showing (\d+) of \d+/.exec(await page.locator('.panel').first().innerText().catch(() => ''));
  return m ? Number(m[1]) : undefined;
}

module.exports = {
  name: 'the quick-fix from the lightbulb (Ctrl+.) clears the finding',
  async run({ page, shared, screenshot, log }) {
    const f = shared.target?.fix ? shared.target : pickFixTarget(shared.scan);
    log(`${f.controlId} at ${f.file}:${f.range.start.line + 1}: "${f.fix.title}"`);
    if (f !== shared.target) await openFile(page, f.file);
    await filterProblems(page, f.controlId);
    const before = await until(async () => (await shown(page)) || false, 'the filtered Problems count');
    log(`${before} problem(s) for ${f.controlId}`);
    await page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await goTo(page, f.range.start.line + 1, f.range.start.character + 1);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: f.fix.title }).first();
    await item.waitFor({ timeout: 15000 });
    await screenshot('quick-fix.png');
    // Choose it with the keyboard, as a person does after Ctrl+. (the preferred fix comes focused).
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 10 && !((await focused.innerText().catch(() => '')).includes(f.fix.title)); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await until(async () => (await shown(page) ?? before) < before, `fewer ${f.controlId} problems after the fix`, 20000);
    log(`${await shown(page)} left after the fix`);
    await filterProblems(page, '');
  },
};
