/**
 * The mocha runner that VS Code's extension host calls (`extensionTestsPath`), in code-server
 * (scripts/vscode-tests.mjs) or in a downloaded VS Code (scripts/test-electron.mjs).
 *
 * The extension host does not pass a test failure back as an exit code, so the runner writes
 * its results as JSON to `$ARG_VSCODE_RESULTS` (default: a file in the OS temp dir); the
 * driver polls that file and prints the summary.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha = require('mocha');

export interface TestRecord {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface ResultsFile {
  done: boolean;
  started: string;
  finished?: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestRecord[];
  /** Set when the runner itself could not run (a suite failed to load). */
  error?: string;
  /** Measurements the suites report (helpers.figure), printed by the driver. */
  figures?: Record<string, number | string>;
}

/** Shared with helpers.ts through the global object (the suites are loaded by mocha). */
function figures(): Record<string, number | string> {
  const g = globalThis as { __argFigures?: Record<string, number | string> };
  return (g.__argFigures ??= {});
}

function resultsPath(): string {
  return process.env.ARG_VSCODE_RESULTS ?? path.join(os.tmpdir(), 'ai-risk-gradient-vscode-results.json');
}

function write(results: ResultsFile): void {
  results.figures = figures();
  const file = resultsPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file);
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack?.includes(err.message) ? err.stack : `${err.message}\n${err.stack ?? ''}`;
  return String(err);
}

export async function run(): Promise<void> {
  const results: ResultsFile = { done: false, started: new Date().toISOString(), passed: 0, failed: 0, pending: 0, tests: [] };
  write(results);
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.ARG_VSCODE_TEST_TIMEOUT ?? 60000),
    grep: process.env.ARG_VSCODE_GREP || undefined,
  });
  try {
    // ARG_VSCODE_SUITE=scale: the suites for the large multi-root workspace; otherwise the rest.
    const scale = process.env.ARG_VSCODE_SUITE === 'scale';
    const files = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.js') && f.endsWith('.scale.test.js') === scale)
      .sort()
      .map((f) => path.join(__dirname, f));
    for (const f of files) mocha.addFile(f);
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      const record = (test: Mocha.Test, state: TestRecord['state'], err?: unknown) => {
        results.tests.push({
          title: test.title,
          fullTitle: test.fullTitle(),
          file: test.file ? path.basename(test.file) : undefined,
          state,
          durationMs: test.duration,
          error: err === undefined ? undefined : errorText(err),
        });
        results[state]++;
        write(results);
      };
      runner.on('pass', (t: Mocha.Test) => record(t, 'passed'));
      runner.on('fail', (t: Mocha.Test, err: unknown) => record(t, 'failed', err));
      runner.on('pending', (t: Mocha.Test) => record(t, 'pending'));
    });
  } catch (err) {
    results.error = errorText(err);
    results.failed++;
  }
  results.done = true;
  results.finished = new Date().toISOString();
  write(results);
  console.log(`[ai-risk-gradient tests] ${results.passed} passed, ${results.failed} failed`);
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}
