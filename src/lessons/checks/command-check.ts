import type { CheckOf } from '../schema/check-kinds.js';
import type { CommandPort } from '../ports.js';
import { fail, pass, type CheckOutcome } from './check-outcome.js';

export const DEFAULT_COMMAND_TIMEOUT_S = 30;

/** The escape hatch: a shell command's exit code (and output) decide. */
export async function commandCheck(check: CheckOf<'command'>, command: CommandPort): Promise<CheckOutcome> {
  const result = await command.run(check.run, (check.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_S) * 1000);
  const want = check.exitCode ?? 0;
  const last = result.output.trim().split('\n').pop() ?? '';
  if (result.exitCode !== want)
    return fail(
      'wrong-value',
      `the check's command ended with ${result.exitCode}, want ${want}${last ? `: ${last}` : ''}`,
    );
  if (check.outputContains !== undefined && !result.output.includes(check.outputContains))
    return fail('missing-text', `the check's command did not print "${check.outputContains}"`);
  return pass(`the check's command succeeded`);
}
