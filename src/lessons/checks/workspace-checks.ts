/** Checks that read files in the learner's workspace. */
import { parseAllDocuments } from 'yaml';
import type { CheckOf } from '../schema/check-kinds.js';
import type { WorkspacePort } from '../ports.js';
import { fail, pass, type CheckOutcome } from './check-outcome.js';
import { readPath, sameScalar, showValue } from './json-path.js';

const missing = (path: string) => fail('not-found', `there is no file ${path} in the workspace`);

export async function fileExists(check: CheckOf<'file.exists'>, workspace: WorkspacePort): Promise<CheckOutcome> {
  return (await workspace.readFile(check.path)) === undefined ? missing(check.path) : pass(`${check.path} exists`);
}

export async function fileContains(check: CheckOf<'file.contains'>, workspace: WorkspacePort): Promise<CheckOutcome> {
  const text = await workspace.readFile(check.path);
  if (text === undefined) return missing(check.path);
  return text.includes(check.text)
    ? pass(`${check.path} contains "${check.text}"`)
    : fail('missing-text', `${check.path} does not contain "${check.text}"`);
}

/** A YAML file (every document in it: manifests often hold several) has the field with the value. */
export async function yamlField(check: CheckOf<'file.yaml-field'>, workspace: WorkspacePort): Promise<CheckOutcome> {
  const text = await workspace.readFile(check.path);
  if (text === undefined) return missing(check.path);
  const docs = parseAllDocuments(text);
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) return fail('invalid', `${check.path} is not valid YAML: ${broken.errors[0]?.message.split('\n')[0]}`);
  const values = docs.map((d) => readPath(d.toJS(), check.field));
  if (values.some((v) => sameScalar(v, check.equals)))
    return pass(`${check.field} in ${check.path} is ${showValue(check.equals)}`);
  const found = values.filter((v) => v !== undefined);
  return fail(
    'wrong-value',
    found.length
      ? `${check.field} in ${check.path} is ${found.map(showValue).join(', ')}, want ${showValue(check.equals)}`
      : `${check.path} has no ${check.field}`,
  );
}

/** Dockerfile instructions with their arguments, continuation lines joined and comments dropped. */
export function dockerfileInstructions(text: string): { instruction: string; args: string }[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction = '', ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
}

export async function dockerfileInstruction(
  check: CheckOf<'file.dockerfile-instruction'>,
  workspace: WorkspacePort,
): Promise<CheckOutcome> {
  const path = check.path ?? 'Dockerfile';
  const text = await workspace.readFile(path);
  if (text === undefined) return missing(path);
  const found = dockerfileInstructions(text).filter((i) => i.instruction === check.instruction);
  if (found.length === 0) return fail('missing-text', `${path} has no ${check.instruction} instruction`);
  if (check.contains === undefined) return pass(`${path} has a ${check.instruction} instruction`);
  return found.some((i) => i.args.includes(check.contains ?? ''))
    ? pass(`${path} has ${check.instruction} ${check.contains}`)
    : fail(
        'wrong-value',
        `${path}'s ${check.instruction} is "${found[0]?.args}", want it to contain "${check.contains}"`,
      );
}
