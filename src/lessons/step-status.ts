export type { CheckResult, StepStatus } from '../protocol/lessons.js';
