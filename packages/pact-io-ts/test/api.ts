/**
 * The public API two ways, for the pack test to hold them equal: as the
 * README lists it (its API table, the names its examples import and call),
 * and as the installed package's type declarations export it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface Names {
  /** Functions and values: what `require` gives at run time. */
  readonly values: readonly string[];
  readonly types: readonly string[];
}

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

const codeNames = (cell: string) =>
  [...cell.matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1] ?? '').sort();

/** The README's API table: entry point -> the names it lists. */
export const readmeApi = (): ReadonlyMap<string, Names> =>
  new Map(
    [...README.matchAll(/^\| `(pact-io-ts[\w/]*)` +\|([^|]*)\|([^|]*)\|$/gm)].map((row) => [
      row[1] ?? '',
      { values: codeNames(row[2] ?? ''), types: codeNames(row[3] ?? '') },
    ]),
  );

/** Every name the README's code imports, with the entry point it imports it from. */
export const readmeImports = (): readonly { readonly entry: string; readonly name: string }[] =>
  [...README.matchAll(/import \{([^}]*)\} from '(pact-io-ts[\w/]*)'/g)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map((name) => name.replace(/^\s*type\s+/, '').trim())
      .filter((name) => name !== '')
      .map((name) => ({ entry: m[2] ?? '', name })),
  );

/** Every identifier the README writes as code, in its text and in its examples. */
const readmeIdentifiers = (): ReadonlySet<string> =>
  new Set(
    [...README.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].flatMap((code) =>
      [...(code[0] ?? '').matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]),
    ),
  );

const SOURCES = path.join(__dirname, '..', 'src');

/** Every name the package's sources declare at their top level, exported or not. */
const declaredNames = (): ReadonlySet<string> =>
  new Set(
    fs
      .readdirSync(SOURCES)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const text = fs.readFileSync(path.join(SOURCES, file), 'utf8');
        const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
        return source.statements.flatMap((statement) =>
          ts.isVariableStatement(statement)
            ? statement.declarationList.declarations.map((d) => d.name.getText(source))
            : (ts.isFunctionDeclaration(statement) ||
                  ts.isClassDeclaration(statement) ||
                  ts.isInterfaceDeclaration(statement) ||
                  ts.isTypeAliasDeclaration(statement)) &&
                statement.name !== undefined
              ? [statement.name.text]
              : [],
        );
      }),
  );

/** The package's own names the README uses: the ones a reader would look for. */
export const readmeNames = (): readonly string[] => {
  const declared = declaredNames();
  return [...readmeIdentifiers()].filter((name) => declared.has(name)).sort();
};

const isTypeOnly = (symbol: ts.Symbol) =>
  (symbol.declarations ?? []).some(
    (d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
  );

/** What a declaration file exports, as the TypeScript checker reads it. */
export const exportsOf = (declarations: string): Names => {
  const program = ts.createProgram([declarations], {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(declarations);
  const module = file === undefined ? undefined : checker.getSymbolAtLocation(file);
  const exported = module === undefined ? [] : checker.getExportsOfModule(module);
  const isValue = (symbol: ts.Symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return !isTypeOnly(symbol) && (target.flags & ts.SymbolFlags.Value) !== 0;
  };
  return {
    values: exported
      .filter(isValue)
      .map((s) => s.name)
      .sort(),
    types: exported
      .filter((s) => !isValue(s))
      .map((s) => s.name)
      .sort(),
  };
};
