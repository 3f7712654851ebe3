import { admin } from '../../../shared/composition/app.js';
import type { SheetCell } from '../../../shared/domain/catalogue-import.js';
import { parseCsv } from '../../../shared/domain/csv.js';
import { routes, SHEET_TYPES } from '../../../shared/http/api/administration.js';
import { httpHandler, type UploadedFile } from '../../../shared/http/handler.js';
import { badRequest } from '../../../shared/http/problem.js';

/**
 * The workbook reader, loaded only for an .xlsx body. Deployed, it is a bundle of its own beside
 * this one (XLSX_READER, set when bundling: the route's sideBundle), so a cold start or a CSV
 * import does not parse exceljs; from the sources it is the module itself.
 */
const workbookReader = (): Promise<typeof import('../../../shared/http/xlsx.js')> =>
  process.env.XLSX_READER ? import(new URL(process.env.XLSX_READER, import.meta.url).href) : import('../../../shared/http/xlsx.js');

async function sheetOf(upload: () => UploadedFile): Promise<SheetCell[][]> {
  const file = upload();
  try {
    if (file.mediaType === SHEET_TYPES.csv) return parseCsv(file.bytes.toString('utf8'));
    return await (await workbookReader()).readWorkbook(file.bytes);
  } catch {
    throw badRequest(
      file.mediaType === SHEET_TYPES.csv ? 'the file is not readable CSV (a quoted cell is not closed)' : 'the file is not a readable .xlsx workbook',
    );
  }
}

/** The province's catalogue from its annex: a report per row; without dryRun, the new catalogue versions. */
export const handler = httpHandler(routes.importProcedures, async ({ actor, params, query, file }) => {
  const report = await admin.importCatalogue(actor, params.p, () => sheetOf(file!), query.dryRun);
  return { status: 200, body: report };
});
