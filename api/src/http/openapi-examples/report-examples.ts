import { compileReport, reportToCsv } from '@loyalty/clickhouse/reports';
import { reportDefinitionSchema, reportResultSchema } from '@loyalty/shared';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import { PROGRAM_ID, TENANT_ID } from './example-ids.ts';

// Points issued and redeemed per day, on the program's clock. The columns and the CSV are what
// the report compiler and the CSV writer make of this definition and these rows.

const definition = requestExample(reportDefinitionSchema, {
  measures: ['points_issued', 'points_redeemed', 'active_members'],
  filters: { programIds: [PROGRAM_ID] },
  timeGrain: 'day',
  timeRange: { from: '2026-10-18T00:00:00+02:00', to: '2026-10-21T00:00:00+02:00' },
  timezone: 'Europe/Paris',
});

const { columns } = compileReport(reportDefinitionSchema.parse(definition.value), { tenantId: TENANT_ID });
const rows = [
  { period: '2026-10-18', points_issued: 18_420, points_redeemed: 6_150, active_members: 412 },
  { period: '2026-10-19', points_issued: 17_985, points_redeemed: 4_800, active_members: 398 },
  { period: '2026-10-20', points_issued: 21_310, points_redeemed: 7_350, active_members: 455 },
];

export const reportExamples: OperationExamples = {
  runReport: {
    request: definition,
    response: {
      status: 200,
      json: responseExample(reportResultSchema, { columns, rows }),
      csv: reportToCsv(columns, rows, { guardFormulas: true }),
    },
  },
};
