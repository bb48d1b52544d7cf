// The browser keeps what a form held (autofill suggestions, the session-restore files that bring
// back typed text after a crash) unless the field opts out. Every text field of the app says what
// the browser may do with it: an `autoComplete` token of its own (a sign-in e-mail, a structure's
// address), or "off" — which Chromium also reads as « do not save this control's state for restore ».
// Checked on the source with the TypeScript parser, so that a new field cannot forget it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return walk(full);
    return name.endsWith('.tsx') && !name.endsWith('.test.tsx') ? [full] : [];
  });

/** Input types that hold no typed text (nothing for autofill or restore to keep). */
const NOT_TEXT = new Set(['checkbox', 'radio', 'file', 'date', 'time', 'number', 'range', 'hidden', 'color']);

/** Files whose fields may hold a beneficiary's data: autofill must be "off" there, no other token. */
const PERSONAL = [
  'src/features/beneficiaries/',
  'src/features/activities/',
  'src/features/loans/',
  'src/features/ateliers/',
  'src/ui/beneficiary-picker.tsx',
  'src/ui/combobox.tsx',
];

interface Field {
  file: string;
  line: number;
  tag: string;
  autoComplete: string | undefined | null;
}

const fieldsOf = (file: string): Field[] => {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: Field[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = node.tagName.getText(source);
      if (tag === 'input' || tag === 'textarea') {
        let type: string | undefined;
        let autoComplete: string | undefined | null = null;
        for (const attr of node.attributes.properties) {
          // The combobox's input props (src/ui/combobox.tsx) say "off" themselves (checked below).
          if (ts.isJsxSpreadAttribute(attr) && /inputProps$/.test(attr.expression.getText(source)))
            autoComplete = 'off';
          if (!ts.isJsxAttribute(attr)) continue;
          const name = attr.name.getText(source);
          const value =
            attr.initializer && ts.isStringLiteral(attr.initializer)
              ? attr.initializer.text
              : attr.initializer
                ? undefined // an expression: checked by hand
                : 'true';
          if (name === 'type') type = value;
          if (name === 'autoComplete') autoComplete = value;
        }
        if (tag === 'textarea' || !type || !NOT_TEXT.has(type))
          found.push({
            file: relative(root, file),
            line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
            tag,
            autoComplete,
          });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
};

describe('browser traces', () => {
  const fields = [...walk(join(root, 'src/features')), ...walk(join(root, 'src/ui'))].flatMap(fieldsOf);

  it('the combobox’s input props opt out of autofill', () => {
    expect(readFileSync(join(root, 'src/ui/combobox.tsx'), 'utf8')).toMatch(
      /inputProps[\s\S]*autoComplete: 'off'/,
    );
  });

  it('finds the fields', () => {
    expect(fields.length).toBeGreaterThan(40);
  });

  it('every text field states what the browser may keep of it (autoComplete)', () => {
    expect(
      fields.filter((f) => f.autoComplete === null).map((f) => `${f.file}:${f.line} <${f.tag}>`),
    ).toEqual([]);
  });

  it('a field that may hold a beneficiary’s data opts out of autofill and restore', () => {
    const personal = fields.filter((f) => PERSONAL.some((p) => f.file.startsWith(p)));
    expect(personal.length).toBeGreaterThan(20);
    expect(
      personal
        .filter((f) => f.autoComplete !== 'off')
        .map((f) => `${f.file}:${f.line} ${String(f.autoComplete)}`),
    ).toEqual([]);
  });
});
