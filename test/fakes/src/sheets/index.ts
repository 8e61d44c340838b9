// The fake Google Sheets v4 REST API (point googleapis at `rootUrl`).
export {
  type A1,
  columnIndex,
  columnLetters,
  formatRange,
  type GridRange,
  parseA1,
  quoteSheet,
} from './a1.ts';
export type { Cell, DeveloperMetadata, Sheet, Spreadsheet } from './model.ts';
export { SUPPORTED_REQUESTS } from './requests.ts';
export {
  type CallRecord,
  type FakeSheets,
  type FakeSheetsOptions,
  type InjectedFailure,
  type SheetsMethod,
  startFakeSheets,
} from './server.ts';
