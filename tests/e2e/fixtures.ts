import { test as base, expect } from '@playwright/test';

// Every browser test runs under the page's Content-Security-Policy watch: a violation reported
// on any page of the test's context fails it. A test that provokes one on purpose (to prove the
// policy blocks it) says how many it expects with `test.use({ expectedCspViolations: n })`.

export * from '@playwright/test';

const CSP_VIOLATION = /Content Security Policy|Content-Security-Policy/;

export const test = base.extend<{ expectedCspViolations: number; cspWatch: void }>({
  expectedCspViolations: [0, { option: true }],
  cspWatch: [async ({ context, expectedCspViolations }, use) => {
    const violations: string[] = [];
    context.on('console', (message) => {
      if (CSP_VIOLATION.test(message.text())) violations.push(message.text());
    });
    await use();
    expect(violations, 'Content-Security-Policy violations reported in the browser console').toHaveLength(expectedCspViolations);
  }, { auto: true }],
});
