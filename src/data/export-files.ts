// File formats of the exports: XLSX laid out as La Coop's worksheets, CSV of a sheet's table for
// French Excel (UTF-8 BOM, semicolons), and the XLSX that La Coop's « Importer des bénéficiaires »
// takes. The universal entry of write-excel-file returns a Blob in a browser, a worker and Node alike.
import Papa from 'papaparse';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/universal';

import type { ExportCell, ExportSheet } from '../domain/exports';
import {
  LACOOP_IMPORT_COLUMNS,
  LACOOP_IMPORT_HEADERS,
  LACOOP_IMPORT_INSTRUCTIONS,
  LACOOP_IMPORT_SHEET,
  LACOOP_IMPORT_SUBHEADERS,
  type LacoopImportRow,
} from '../domain/lacoop-template';

export const CSV_MIME = 'text/csv;charset=utf-8';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const pad = (n: number) => String(n).padStart(2, '0');

/** Days travel as Dates at UTC midnight: shown as 'dd/mm/yyyy' whatever the time zone. */
const dayText = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;

const csvValue = (cell: ExportCell): string | number => {
  if (cell === null) return '';
  if (cell instanceof Date) return dayText(cell);
  if (typeof cell === 'boolean') return cell ? 'VRAI' : 'FAUX';
  // French Excel reads "1.5" as text: decimals use a comma.
  if (typeof cell === 'number' && !Number.isInteger(cell)) return String(cell).replace('.', ',');
  return cell;
};

/** The table of a sheet (its header row and what follows; the whole sheet when it has no table). */
const tableOf = (sheet: ExportSheet) => sheet.rows.slice(sheet.tableStart ?? 0);

/** CSV text with a BOM, ';' separators and CRLF line ends: French Excel opens it as is. */
export const sheetToCsv = (sheet: ExportSheet): string => {
  const [header, ...rows] = tableOf(sheet);
  return (
    '\uFEFF' +
    Papa.unparse(
      {
        fields: (header?.cells ?? []).map((c) => String(c ?? '')),
        data: rows.map((r) => r.cells.map(csvValue)),
      },
      { delimiter: ';', newline: '\r\n', quotes: false },
    )
  );
};

const textOf = (cell: ExportCell): string =>
  cell === null ? '' : cell instanceof Date ? dayText(cell) : typeof cell === 'boolean' ? (cell ? 'VRAI' : 'FAUX') : String(cell);

/** La Coop's autosizeColumns: the longest line of each column, at least 10 characters. */
const columnWidths = (sheet: ExportSheet) => {
  const widths: number[] = [];
  for (const r of sheet.rows) {
    r.cells.forEach((cell, i) => {
      const longest = Math.max(0, ...textOf(cell).split('\n').map((line) => line.length));
      widths[i] = Math.max(widths[i] ?? 10, Math.min(longest, 100));
    });
  }
  return Array.from(widths, (width) => ({ width: width ?? 10 }));
};

const xlsxCell = (cell: ExportCell, bold: boolean): Cell => {
  // Every row wraps and aligns to the top, as La Coop's (row.alignment = { wrapText, vertical: 'top' }).
  const style = { wrap: true, alignVertical: 'top' as const, ...(bold ? { fontWeight: 'bold' as const } : {}) };
  if (cell === null || cell === '') return null;
  if (cell instanceof Date) return { ...style, value: cell, type: Date, format: 'dd/mm/yyyy' };
  if (typeof cell === 'number') return { ...style, value: cell, type: Number };
  if (typeof cell === 'boolean') return { ...style, value: cell, type: Boolean };
  return { ...style, value: cell, type: String };
};

/** One workbook, one sheet per ExportSheet, every row where La Coop's worksheet has it. */
export const sheetsToXlsx = (sheets: readonly ExportSheet[]): Promise<Blob> =>
  writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name.slice(0, 31),
      data: s.rows.map((r): Row => r.cells.map((cell) => xlsxCell(cell, r.style === 'title' || r.style === 'header'))),
      columns: columnWidths(s),
    })),
  ).toBlob();

// ————————————————————————————————————————— La Coop's import template

/** The template's header look: bold, centred, thin borders (its styles 5–11). */
const header = (value: string | null, extra: Record<string, unknown> = {}): Cell => ({
  ...(value ? { value, type: String } : {}),
  fontWeight: 'bold',
  align: 'center',
  bottomBorderStyle: 'thin',
  ...extra,
});

/** The template's grey fill of the columns it computes (Code INSEE, Code postal). */
const COMPUTED_FILL = '#F2F2F2';
const text = (value: string | null, computed = false): Cell =>
  value
    ? { value, type: String, format: '@', ...(computed ? { backgroundColor: COMPUTED_FILL } : {}) }
    : computed
      ? { backgroundColor: COMPUTED_FILL }
      : null;

/**
 * La Coop's import template filled in: sheet « Bénéficiaires », the instructions (A1:J1), the
 * headers (rows 2–3, merged as in the template), one person per row from row 4, codes and phone
 * numbers as text (so that « 01410 » keeps its 0), the year as a number. The template's « Communes »
 * sheet only feeds its lookup formulas: the cells here hold the values, and La Coop's reader never
 * opens that sheet.
 */
export const lacoopImportToXlsx = (rows: readonly LacoopImportRow[]): Promise<Blob> => {
  const instructions: Row = [
    {
      value: LACOOP_IMPORT_INSTRUCTIONS,
      type: String,
      columnSpan: LACOOP_IMPORT_COLUMNS,
      height: 85,
      wrap: true,
      fontWeight: 'bold',
      align: 'left',
      alignVertical: 'center',
      indent: 2,
      backgroundColor: '#DEE6EF',
      bottomBorderStyle: 'thin',
    },
    ...Array.from({ length: LACOOP_IMPORT_COLUMNS - 1 }, () => null),
  ];
  const headers: Row = LACOOP_IMPORT_HEADERS.map((value, i) =>
    i === 3
      ? header(value, { columnSpan: 3 })
      : i === 4 || i === 5
        ? null
        : header(value, { rowSpan: 2, topBorderStyle: 'thin', ...(i === 9 ? { wrap: true } : {}) }),
  );
  const subHeaders: Row = LACOOP_IMPORT_SUBHEADERS.map((value, i) =>
    i >= 3 && i <= 5 ? header(value, i > 3 ? { backgroundColor: COMPUTED_FILL } : {}) : null,
  );
  const people: Row[] = rows.map(([nom, prenom, annee, commune, insee, postal, telephone, email, genre, notes]) => [
    { value: nom, type: String },
    { value: prenom, type: String },
    annee === null ? null : { value: annee, type: Number },
    text(commune),
    text(insee, true),
    text(postal, true),
    text(telephone),
    email ? { value: email, type: String } : null,
    { value: genre, type: String },
    notes ? { value: notes, type: String } : null,
  ]);
  return writeXlsxFile([instructions, headers, subHeaders, ...people], {
    sheet: LACOOP_IMPORT_SHEET,
    // The template's column widths.
    columns: [10.5, 10.5, 18.98, 17.15, 23.18, 10.82, 14.51, 20, 14.51, 28.66].map((width) => ({ width })),
  }).toBlob();
};
