/**
 * Typechecks the ```ts blocks of the hand-written guides. Each block is written to a temporary
 * folder as a module and compiled with the project's tsconfig, with `hookline` and its subpaths
 * (`hookline/testing`, …) resolved to the sources of the package's entry points.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Guides whose ```ts blocks must compile. */
export const GUIDES = ['docs/writing-hooks.md', 'docs/integrations.md', 'docs/user-events.md'];

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

/** `paths` that resolve `hookline` and its subpaths to their sources, from the package's `exports`. */
function sourcePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const paths: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || target === null) continue;
    const built = (target as { default: string }).default;
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
    paths[specifier] = [join(root, built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'))];
  }
  return paths;
}

/** Compiles every snippet; returns one message per error (empty when all compile). */
export function typecheckSnippets(snippets: readonly Snippet[] = extractSnippets()): string[] {
  const options = { ...compilerOptions(), noEmit: true, noUnusedLocals: false, paths: sourcePaths() };
  const dir = mkdtempSync(join(root, 'test/docs/.snippets-'));
  try {
    const files = snippets.map((s, i) => {
      const file = join(dir, `snippet-${i}.ts`);
      writeFileSync(file, `${s.code}\nexport {};\n`);
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
