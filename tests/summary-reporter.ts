import type { Reporter, SerializedError, TestModule, TestRunEndReason, Vitest } from 'vitest/node';

/**
 * Ends the run with one plain line, "N passed, N failed, N skipped", for CI logs.
 * Failed counts failed tests, and also every failure outside a test: a module or
 * suite whose hooks (beforeAll, afterAll) or collection (an import, a throwing
 * describe) failed, an unhandled error, and a run that failed before any module
 * ran (a failing globalSetup).
 */
export default class SummaryReporter implements Reporter {
  #vitest: Vitest | null = null;

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // Hook and collection errors belong to the module or suite, not to any test: each such one counts once.
      for (const suite of [module, ...module.children.allSuites()]) if (suite.errors().length > 0) failedHere++;
      // A module that failed for a reason none of the above shows still counts.
      if (failedHere === 0 && module.state() === 'failed') failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    // A run can fail with nothing else to show for it, as when globalSetup throws before any module runs.
    if (reason === 'failed' && failed === 0) failed = 1;
    const line = `\n${passed} passed, ${failed} failed, ${skipped} skipped`;
    // Through Vitest's logger, so the line goes where the run's other output goes.
    if (this.#vitest) this.#vitest.logger.log(line);
    else process.stdout.write(`${line}\n`);
  }
}
