// The floors of docs/architecture.md are enforced by eslint.config.js and tsconfig.engine.json. These tests write
// deliberate violations into the folders the rules watch and expect each to be reported, with allowed imports beside
// them as controls (a rule that reports everything, or a resolver that finds nothing, fails one side or the other),
// then check the real tree is clean.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { FloorProbe, importSpecifier } from './lib/floor-probe.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const floorRules = new Set([
  'import-x/no-cycle',
  'import-x/no-restricted-paths',
  'no-restricted-imports',
  'no-restricted-globals',
]);
const eslint = new ESLint({ cwd: repoRoot });
const probe = new FloorProbe(repoRoot);
afterEach(() => probe.removeAll());

/** The rules `source`, placed at `file`, breaks (fatal parse errors show as `parse: <message>`). */
async function brokenRules(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return result.messages.map((message) => message.ruleId ?? `parse: ${message.message}`);
}

/** The rules broken by a file in `importer` that imports a file in `imported`. */
function importAcross(importer: string, imported: string): Promise<string[]> {
  const target = probe.write(imported, 'target.ts', 'export const probe = 1;\n');
  const file = probe.path(importer, 'importer.ts');
  return brokenRules(file, `import { probe } from '${importSpecifier(file, target)}';\nexport const seen = probe;\n`);
}

/** The type errors of `rootNames` (default: the files the config includes) under one of the repo's tsconfigs. */
function typeErrors(tsconfig: string, rootNames?: string[]): string[] {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic: ts.Diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(repoRoot, tsconfig), {}, host);
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: rootNames ?? parsed.fileNames, options: parsed.options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file ? `${diagnostic.file.fileName}: ` : '';
    return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  });
}

describe('imports point down the floors', { timeout: 60_000 }, () => {
  it.each([
    ['src/protocol', 'src/cluster', 'floor 1 imports the engine'],
    ['src/http', 'src/vm', 'floor 1 imports the engine'],
    ['src/protocol', 'src/http', 'protocol/ stands on nothing'],
    ['src/vm', 'src/cluster', 'vm and cluster never import each other'],
    ['src/cluster', 'src/vm', 'vm and cluster never import each other'],
    ['src/cluster', 'src/registry', 'engine folders stand on floor 1 alone'],
    ['src/docker', 'src/cluster', 'the cluster → docker edge goes one way'],
    ['src/registry', 'src/worker', 'the engine imports the worker'],
    ['src/lessons', 'src/worker', 'lessons import the worker'],
    ['src/cluster', 'src/stack', 'the engine imports the stack that composes it'],
    ['src/stack', 'src/worker', 'the stack imports the worker'],
    ['src/worker', 'src/ui', 'the worker imports the page'],
    ['src/ui', 'src/cluster', 'the page imports the engine'],
    ['src/ui', 'src/worker', 'the page imports the worker'],
    ['server', 'src/cluster', 'the dev server imports the engine'],
    ['src/cluster', 'test', 'app code leans on the tests'],
  ])('reports %s importing %s (%s)', async (importer, imported) => {
    expect(await importAcross(importer, imported)).toEqual(['import-x/no-restricted-paths']);
  });

  it.each([
    ['src/http', 'src/protocol'],
    ['src/cluster', 'src/http'],
    ['src/cluster', 'src/docker'],
    ['src/vm', 'src/protocol'],
    ['src/lessons', 'src/cluster'],
    ['src/stack', 'src/vm'],
    ['src/stack', 'src/cluster'],
    ['src/lessons', 'src/stack'],
    ['src/worker.ts', 'src/stack'],
    ['src/worker', 'src/vm'],
    ['src/worker.ts', 'src/worker'],
    ['src/ui', 'src/protocol'],
    ['server', 'src/protocol'],
    ['test', 'src/cluster'],
  ])('allows %s importing %s', async (importer, imported) => {
    expect(await importAcross(importer, imported)).toEqual([]);
  });
});

describe('no cycles', { timeout: 60_000 }, () => {
  it('reports two files that import each other', async () => {
    probe.write(
      'src/cluster',
      'second.ts',
      `import { first } from './first.js';\nexport const second = () => first;\n`,
    );
    const source = `import { second } from './second.js';\nexport const first = () => second;\n`;
    expect(await brokenRules(probe.write('src/cluster', 'first.ts', source), source)).toEqual(['import-x/no-cycle']);
  });

  it('allows a chain that does not come back', async () => {
    probe.write('src/cluster', 'second.ts', 'export const second = 2;\n');
    const source = `import { second } from './second.js';\nexport const first = () => second;\n`;
    expect(await brokenRules(probe.write('src/cluster', 'first.ts', source), source)).toEqual([]);
  });
});

describe('the engine and the worker run without a DOM', { timeout: 60_000 }, () => {
  it.each([
    ['src/cluster', 'react'],
    ['src/cluster', 'react-dom/client'],
    ['src/stack', 'react'],
    ['src/protocol', 'react/jsx-runtime'],
    ['src/worker', '@xterm/xterm'],
    ['src/worker.ts', 'monaco-editor'],
  ])('reports %s importing %s', async (area, library) => {
    const source = `import * as library from '${library}';\nexport const seen = library;\n`;
    expect(await brokenRules(probe.path(area, 'importer.ts'), source)).toEqual(['no-restricted-imports']);
  });

  it('allows the page to import React', async () => {
    const source = `import { useState } from 'react';\nexport const seen = useState;\n`;
    expect(await brokenRules(probe.path('src/ui', 'importer.ts'), source)).toEqual([]);
  });

  it.each(['src/vm', 'src/worker'])('lint reports %s touching document', async (area) => {
    const source = 'export const title = () => document.title;\n';
    expect(await brokenRules(probe.path(area, 'importer.ts'), source)).toEqual(['no-restricted-globals']);
  });

  it('the engine does not type-check with document, window or HTMLElement; the page does', () => {
    const source = [
      'export const title = (): string => document.title;',
      'export const width = (): number => window.innerWidth;',
      'export const isElement = (value: unknown): value is HTMLElement => value instanceof HTMLElement;',
      '',
    ].join('\n');
    const file = probe.write('src/cluster', 'uses-the-dom.ts', source);
    const errors = typeErrors('tsconfig.engine.json', [file]).join('\n');
    for (const name of ['document', 'window', 'HTMLElement']) expect(errors).toContain(`Cannot find name '${name}'`);
    expect(typeErrors('tsconfig.json', [file])).toEqual([]);
  });
});

describe('the real tree', { timeout: 180_000 }, () => {
  it('has a floor for every entry of src/', async () => {
    const config = (await eslint.calculateConfigForFile(join(repoRoot, 'src/worker.ts'))) as {
      rules: Record<string, [unknown, { zones: { target: string }[] }]>;
    };
    const areas = config.rules['import-x/no-restricted-paths'][1].zones.map((zone) => zone.target);
    const unplaced = readdirSync(join(repoRoot, 'src')).filter((entry) => !areas.includes(`src/${entry}`));
    expect(unplaced).toEqual([]);
  });

  it('breaks no floor rule', async () => {
    const linter = new ESLint({ cwd: repoRoot, ruleFilter: ({ ruleId }) => floorRules.has(ruleId) });
    const results = await linter.lintFiles(['.']);
    expect(results.filter((result) => result.filePath.includes('/src/cluster/')).length).toBeGreaterThan(50);
    const problems = results.flatMap((result) =>
      result.messages.map((message) => `${result.filePath}:${message.line} ${message.ruleId}: ${message.message}`),
    );
    expect(problems).toEqual([]);
  });

  it('type-checks floors 1-3 without the DOM lib', () => {
    expect(typeErrors('tsconfig.engine.json')).toEqual([]);
  });
});
