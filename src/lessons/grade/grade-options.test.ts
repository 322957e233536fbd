import { describe, expect, it } from 'vitest';
import { GRADE_USAGE, parseGradeArgs } from './grade-options.js';
import { GradeSetupError } from './grade-setup-error.js';

describe('parseGradeArgs', () => {
  it('reads every option, as `--flag value` or `--flag=value`, around the lesson', () => {
    expect(
      parseGradeArgs([
        '--kubeconfig',
        'kind.yaml',
        '--context=kind-kind',
        '--docker-socket',
        '/run/docker.sock',
        'deployment-desired-state',
        '--workspace',
        'student1',
        '--lessons=course',
        '--step',
        '3',
        '--json',
      ]),
    ).toEqual({
      slug: 'deployment-desired-state',
      kubeconfig: 'kind.yaml',
      context: 'kind-kind',
      dockerSocket: '/run/docker.sock',
      workspace: 'student1',
      lessons: 'course',
      step: 3,
      json: true,
    });
  });

  it('grades every step by default, and with --all-steps', () => {
    expect(parseGradeArgs(['first-containers'])).toEqual({ slug: 'first-containers', json: false });
    expect(parseGradeArgs(['--all-steps', 'first-containers'])).toEqual({ slug: 'first-containers', json: false });
  });

  const mistake = (args: string[]): string => {
    try {
      parseGradeArgs(args);
    } catch (error) {
      expect(error).toBeInstanceOf(GradeSetupError);
      const message = (error as Error).message;
      expect(message.endsWith(`\n${GRADE_USAGE}`)).toBe(true);
      return message.split('\n')[0]!;
    }
    throw new Error(`${args.join(' ')} was accepted`);
  };

  it('says what is wrong with the command line, then the usage', () => {
    expect(mistake([])).toBe('name the lesson to grade (its folder name, such as deployment-desired-state)');
    expect(mistake(['a', 'b'])).toBe('grade one lesson at a time (got a, b)');
    expect(mistake(['--kubecfg', 'x', 'a'])).toBe('unknown option --kubecfg');
    expect(mistake(['a', '--kubeconfig'])).toBe('--kubeconfig needs a value');
    expect(mistake(['--kubeconfig', '--json', 'a'])).toBe('--kubeconfig needs a value');
    expect(mistake(['--context=', 'a'])).toBe('--context needs a value');
    expect(mistake(['--step', '0', 'a'])).toBe('--step 0: want a step number, counting from 1');
    expect(mistake(['--step', 'two', 'a'])).toBe('--step two: want a step number, counting from 1');
    expect(mistake(['--step', '2', '--all-steps', 'a'])).toBe('--step and --all-steps do not go together: pick one');
    expect(mistake(['--workspace', 'x', '--workspace=y', 'a'])).toBe('--workspace is given twice');
  });
});
