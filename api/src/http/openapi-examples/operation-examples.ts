import type { OperationExamples } from '../openapi-examples.ts';
import { accountExamples } from './account-examples.ts';
import { configurationExamples } from './configuration-examples.ts';
import { ledgerExamples } from './ledger-examples.ts';
import { purchaseExamples } from './purchase-examples.ts';
import { reportExamples } from './report-examples.ts';

/** Request and response examples of the main operations, by operationId. */
export const OPERATION_EXAMPLES: OperationExamples = {
  ...accountExamples,
  ...configurationExamples,
  ...ledgerExamples,
  ...purchaseExamples,
  ...reportExamples,
};
