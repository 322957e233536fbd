/** The command line of `npm run lessons:grade`, read into options; a mistake is a GradeSetupError with the usage. */
import { GradeSetupError } from './grade-setup-error.js';

export const GRADE_USAGE =
  'usage: npm run lessons:grade -- [--kubeconfig FILE] [--context NAME] [--docker-socket PATH] [--workspace DIR]\n' +
  '         [--lessons DIR] [--step N | --all-steps] [--json] <lesson>';

export interface GradeOptions {
  slug: string;
  kubeconfig?: string;
  context?: string;
  dockerSocket?: string;
  /** @default the current folder */
  workspace?: string;
  /** @default the repository's lessons/ */
  lessons?: string;
  /** One step (1-based); absent: every step. */
  step?: number;
  json: boolean;
}

const VALUE_FLAGS = {
  '--kubeconfig': 'kubeconfig',
  '--context': 'context',
  '--docker-socket': 'dockerSocket',
  '--workspace': 'workspace',
  '--lessons': 'lessons',
  '--step': 'step',
} as const;

const usageError = (message: string) => new GradeSetupError(`${message}\n${GRADE_USAGE}`);

export function parseGradeArgs(args: readonly string[]): GradeOptions {
  const values: Partial<Record<(typeof VALUE_FLAGS)[keyof typeof VALUE_FLAGS], string>> = {};
  const slugs: string[] = [];
  let json = false;
  let allSteps = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--all-steps') allSteps = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const flag = eq >= 0 ? arg.slice(0, eq) : arg;
      if (!(flag in VALUE_FLAGS)) throw usageError(`unknown option ${flag}`);
      const key = VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS];
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--')))
        throw usageError(`${flag} needs a value`);
      if (values[key] !== undefined) throw usageError(`${flag} is given twice`);
      values[key] = value;
    } else slugs.push(arg);
  }
  if (slugs.length === 0)
    throw usageError('name the lesson to grade (its folder name, such as deployment-desired-state)');
  if (slugs.length > 1) throw usageError(`grade one lesson at a time (got ${slugs.join(', ')})`);
  let step: number | undefined;
  if (values.step !== undefined) {
    if (allSteps) throw usageError('--step and --all-steps do not go together: pick one');
    if (!/^[1-9][0-9]*$/.test(values.step))
      throw usageError(`--step ${values.step}: want a step number, counting from 1`);
    step = Number(values.step);
  }
  const { step: _step, ...paths } = values;
  return { slug: slugs[0]!, ...paths, ...(step !== undefined ? { step } : {}), json };
}
