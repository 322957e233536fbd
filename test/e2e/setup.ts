// Every browser test file: a failed test prints what the page and the worker showed (harness.ts), since a test that
// times out in CI leaves nothing else to read.
import { afterEach } from 'vitest';
import { failureReport } from './harness.js';

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  console.error(`"${task.name}" failed. What the page showed:\n${await failureReport()}`);
});
