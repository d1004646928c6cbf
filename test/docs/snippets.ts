/**
 * Typechecks the ```ts blocks of the hand-written guides. Each block is written to a temporary
 * folder as a module that imports `hookline` and `hookline/testing`, and compiled with the
 * project's tsconfig. `hookline` resolves to a shim: `src/index.ts` plus the public API that is
 * not exported from it yet (integrations, scoped hooks, hook-set), so the guides show the
 * intended imports.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Guides whose ```ts blocks must compile. */
export const GUIDES = ['docs/writing-hooks.md', 'docs/integrations.md'];

/** Modules whose exports `hookline` offers in the guides besides `src/index.ts`. */
const EXTRA_MODULES = ['src/integrations/index.ts', 'src/hooks/sources/scoped/index.ts', 'src/hooks/hook-set.ts'];

/** One code block of a guide. */
export interface Snippet {
  readonly guide: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

/** Returns every ```ts block of the guides. */
export function extractSnippets(guides: readonly string[] = GUIDES): Snippet[] {
  const out: Snippet[] = [];
  for (const guide of guides) {
    const lines = readFileSync(join(root, guide), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== '```ts') continue;
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
      out.push({ guide, line: start + 1, code: body.join('\n') });
    }
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  return ts.parseJsonConfigFileContent(configFile.config, ts.sys, root).options;
}

function exportNames(program: ts.Program, file: string): Set<string> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(join(root, file));
  const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  return new Set(symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.getName()));
}

/** The shim's text: everything of src/index.ts, plus the extra modules' names it lacks. */
function shimText(options: ts.CompilerOptions, dir: string): string {
  const program = ts.createProgram([join(root, 'src/index.ts'), ...EXTRA_MODULES.map((m) => join(root, m))], options);
  const have = exportNames(program, 'src/index.ts');
  const rel = (file: string): string => relative(dir, join(root, file)).split('\\').join('/');
  const lines = [`export * from '${rel('src/index.ts')}';`];
  for (const module of EXTRA_MODULES) {
    const missing = [...exportNames(program, module)].filter((name) => !have.has(name) && name !== 'default');
    for (const name of missing) have.add(name);
    if (missing.length > 0) lines.push(`export { ${missing.join(', ')} } from '${rel(module)}';`);
  }
  return `${lines.join('\n')}\n`;
}

/** Compiles every snippet; returns one message per error (empty when all compile). */
export function typecheckSnippets(snippets: readonly Snippet[] = extractSnippets()): string[] {
  const options = { ...compilerOptions(), noEmit: true, noUnusedLocals: false };
  const dir = mkdtempSync(join(root, 'test/docs/.snippets-'));
  try {
    writeFileSync(join(dir, 'hookline.ts'), shimText(options, dir));
    const testing = relative(dir, join(root, 'src/testing/index.ts')).split('\\').join('/');
    const files = snippets.map((s, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      const code = s.code.replace(/from 'hookline\/testing'/g, `from '${testing}'`).replace(/from 'hookline'/g, "from './hookline.ts'");
      writeFileSync(file, `${code}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, options);
    const messages: string[] = [];
    for (const [i, file] of files.entries()) {
      const source = program.getSourceFile(file)!;
      for (const d of ts.getPreEmitDiagnostics(program, source)) {
        const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
        const snippet = snippets[i]!;
        messages.push(`${snippet.guide}:${snippet.line + 1 + at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      }
    }
    return messages;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
