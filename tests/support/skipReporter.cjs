/**
 * Prints every skipped test (with the reason carried in its name) after jest's summary, so
 * `npm test` says loudly what it did not check and why. With CI=true or LENS_FAIL_ON_SKIP=1 a
 * skipped test fails the run: CI installs everything the tests need.
 */
class SkipReporter {
  constructor(globalConfig, options) {
    this.failOnSkip = Boolean(options && options.failOnSkip) || process.env.LENS_FAIL_ON_SKIP === '1';
    this.skipped = [];
  }

  onTestResult(_test, result) {
    for (const a of result.testResults) {
      if (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo') {
        this.skipped.push(`${[...a.ancestorTitles, a.title].join(' › ')}  (${result.testFilePath})`);
      }
    }
  }

  onRunComplete() {
    if (this.skipped.length === 0) return;
    const bar = '!'.repeat(78);
    const lines = [
      bar,
      `SKIPPED ${this.skipped.length} test(s): these checks did NOT run`,
      ...this.skipped.map((s) => `  - ${s}`),
      bar,
    ];
    process.stderr.write(`\n\x1b[33m${lines.join('\n')}\x1b[0m\n`);
  }

  getLastError() {
    if (this.failOnSkip && this.skipped.length > 0) {
      return new Error(
        `${this.skipped.length} test(s) skipped while skipping is not allowed (CI): install what they need`,
      );
    }
    return undefined;
  }
}

module.exports = SkipReporter;
