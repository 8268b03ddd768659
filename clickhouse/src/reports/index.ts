// The report compiler and CSV export, without the embedded engine (see package.json exports).
export { compileReport, ReportCompileError, type CompiledReport, type ReportColumn } from './compile-report.ts';
export { reportToCsv } from './report-csv.ts';
