/**
 * Skipping a test needs a reason a reader can act on. `describeIf(false, reason)` skips the block
 * and puts the reason in its name; `tests/support/skipReporter.cjs` lists every skipped test with
 * it at the end of `npm test`, so a skipped check is never mistaken for a passed one.
 */
export function describeIf(condition: boolean, reason: string): jest.Describe {
  if (condition) return describe;
  const skipped = ((name: string, fn: jest.EmptyFunction) =>
    describe.skip(`${name} [skipped: ${reason}]`, fn)) as unknown as jest.Describe;
  return skipped;
}
