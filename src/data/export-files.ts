// File formats of the exports: CSV for French Excel (UTF-8 BOM, semicolons) and XLSX.
// The universal entry of write-excel-file returns a Blob in a browser, a worker and Node alike.
import Papa from 'papaparse';
import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/universal';

import type { ExportCell, ExportSheet } from '../domain/exports';

export const CSV_MIME = 'text/csv;charset=utf-8';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const pad = (n: number) => String(n).padStart(2, '0');

/** Days travel as Dates at UTC midnight: shown as 'dd/mm/yyyy' whatever the time zone. */
const csvValue = (cell: ExportCell): string | number => {
  if (cell === null) return '';
  if (cell instanceof Date)
    return `${pad(cell.getUTCDate())}/${pad(cell.getUTCMonth() + 1)}/${cell.getUTCFullYear()}`;
  // French Excel reads "1.5" as text: decimals use a comma.
  if (typeof cell === 'number' && !Number.isInteger(cell)) return String(cell).replace('.', ',');
  return cell;
};

/** CSV text with a BOM, ';' separators and CRLF line ends: French Excel opens it as is. */
export const sheetToCsv = (sheet: ExportSheet): string =>
  '\uFEFF' +
  Papa.unparse(
    { fields: sheet.header, data: sheet.rows.map((row) => row.map(csvValue)) },
    { delimiter: ';', newline: '\r\n', quotes: false },
  );

const xlsxCell = (cell: ExportCell): Cell => {
  if (cell === null) return null;
  if (cell instanceof Date) return { value: cell, type: Date, format: 'dd/mm/yyyy' };
  if (typeof cell === 'string' && cell.includes('\n')) return { value: cell, wrap: true };
  return cell;
};

/** One workbook, one sheet per ExportSheet, bold frozen header row. */
export const sheetsToXlsx = (sheets: readonly ExportSheet[]): Promise<Blob> =>
  writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name.slice(0, 31),
      data: [
        s.header.map((h): Cell => ({ value: h, fontWeight: 'bold' })),
        ...s.rows.map((r): Row => r.map(xlsxCell)),
      ],
      stickyRowsCount: 1,
      columns: s.header.map((h) => ({ width: Math.min(Math.max(h.length + 2, 12), 40) })),
    })),
  ).toBlob();
