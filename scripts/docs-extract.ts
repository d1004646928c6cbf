/**
 * Reads payload and result types with the TypeScript compiler API: every exported interface and
 * type alias of `src/hooks/payloads/*.ts` and `src/hooks/decision.ts`, with their fields (name,
 * declared type, optional/readonly, TSDoc, declaring interface), and the payload and result type
 * arguments of every `event<P, R>()` entry of the catalog.
 * @module
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One field of a payload or result type. */
export interface FieldDoc {
  readonly name: string;
  /** The type as written in the source. */
  readonly type: string;
  readonly optional: boolean;
  readonly readonly: boolean;
  readonly doc: string;
  /** The interface that declares it (differs from the type itself for inherited fields). */
  readonly declaredIn: string;
}

/** One exported type. */
export interface TypeDoc {
  readonly name: string;
  readonly doc: string;
  readonly fields: readonly FieldDoc[];
  /** For aliases of another type (`type SampleScoring = SampleContext`): that type's text. */
  readonly aliasOf?: string;
}

/** What the catalog says about an event's types. */
export interface EventTypes {
  readonly payload: string;
  readonly result: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** Source files read for payload and result types, relative to the repository root. */
export const TYPE_SOURCES = ['src/hooks/payloads/eval.ts', 'src/hooks/payloads/model.ts', 'src/hooks/payloads/agent.ts', 'src/hooks/payloads/agent-events.ts', 'src/hooks/payloads/agent-run.ts', 'src/hooks/payloads/subagent.ts', 'src/hooks/decision.ts'];
const CATALOG = 'src/hooks/catalog.ts';

function docOf(node: ts.Node, checker: ts.TypeChecker): string {
  const symbol = checker.getSymbolAtLocation((node as ts.NamedDeclaration).name ?? node);
  return symbol === undefined ? '' : ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s*\n\s*/g, ' ').trim();
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function fieldsOf(node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration, checker: ts.TypeChecker): FieldDoc[] {
  const type = checker.getTypeAtLocation(node.name);
  const fields: FieldDoc[] = [];
  for (const prop of checker.getPropertiesOfType(type)) {
    const decl = prop.declarations?.[0];
    if (decl === undefined || !ts.isPropertySignature(decl)) continue;
    const owner = decl.parent;
    fields.push({
      name: prop.getName(),
      type: decl.type?.getText().replace(/\s+/g, ' ') ?? checker.typeToString(checker.getTypeOfSymbolAtLocation(prop, decl)),
      optional: (prop.flags & ts.SymbolFlags.Optional) !== 0,
      readonly: (ts.getModifiers(decl) ?? []).some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword),
      doc: ts.displayPartsToString(prop.getDocumentationComment(checker)).replace(/\s*\n\s*/g, ' ').trim(),
      declaredIn: ts.isInterfaceDeclaration(owner) ? owner.name.text : node.name.text,
    });
  }
  // Inherited fields first (as they appear on the wire), then the type's own, each in source order.
  const own = node.name.text;
  return [...fields.filter((f) => f.declaredIn !== own), ...fields.filter((f) => f.declaredIn === own)];
}

function createProgram(): ts.Program {
  const files = [...TYPE_SOURCES, CATALOG].map((f) => `${root}${f}`);
  return ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
  });
}

/** Every exported type of the payload and decision files, by name. */
export function extractTypes(program: ts.Program = createProgram()): Map<string, TypeDoc> {
  const checker = program.getTypeChecker();
  const types = new Map<string, TypeDoc>();
  for (const file of TYPE_SOURCES) {
    const source = program.getSourceFile(`${root}${file}`);
    if (source === undefined) throw new Error(`${file} was not found; scripts/docs-extract.ts lists the payload files to read.`);
    for (const statement of source.statements) {
      if (!isExported(statement)) continue;
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
        const aliasOf = ts.isTypeAliasDeclaration(statement) && ts.isTypeReferenceNode(statement.type) ? statement.type.getText() : undefined;
        const isObject = ts.isInterfaceDeclaration(statement) || aliasOf !== undefined || ts.isTypeLiteralNode(statement.type);
        types.set(statement.name.text, {
          name: statement.name.text,
          doc: docOf(statement, checker),
          fields: isObject ? fieldsOf(statement, checker) : [],
          ...(aliasOf === undefined ? {} : { aliasOf }),
        });
      }
    }
  }
  return types;
}

/** The payload and result type names of every catalog entry (`event<P, R>()`), by event. */
export function extractEventTypes(program: ts.Program = createProgram()): Map<string, EventTypes> {
  const source = program.getSourceFile(`${root}${CATALOG}`);
  if (source === undefined) throw new Error(`${CATALOG} was not found.`);
  const out = new Map<string, EventTypes>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'catalog' && node.initializer !== undefined) {
      let literal: ts.Expression = node.initializer;
      while (ts.isAsExpression(literal) || ts.isSatisfiesExpression(literal)) literal = literal.expression;
      if (!ts.isObjectLiteralExpression(literal)) return;
      for (const prop of literal.properties) {
        if (!ts.isPropertyAssignment(prop) || !ts.isCallExpression(prop.initializer)) continue;
        const inner = prop.initializer.expression;
        if (!ts.isCallExpression(inner)) continue;
        const [payload, result] = inner.typeArguments ?? [];
        out.set(prop.name.getText(), { payload: payload?.getText() ?? 'unknown', result: result?.getText() ?? 'void' });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Both extractions from one compiler program. */
export function extractAll(): { types: Map<string, TypeDoc>; events: Map<string, EventTypes> } {
  const program = createProgram();
  return { types: extractTypes(program), events: extractEventTypes(program) };
}
