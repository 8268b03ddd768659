import { Client, Connection } from '@temporalio/client';
import type { CampaignLifecycleNotifier } from '../../../api/src/modules/campaigns/campaign-lifecycle-notifier.ts';
import { signalCampaignChanged, startCampaignLifecycle } from '../client.ts';

// The API's side of the campaign lifecycle: after a publish, start the campaign's workflow; after
// a change, signal it. Never throws and never waits long: Temporal being down must not fail a
// publish (the worker's reconcile starts what was missed, within a minute).

export interface LifecycleNotifierOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** How long a call may hold the route up. */
  timeoutMs?: number;
  warn(fields: object, message: string): void;
}

export function createTemporalLifecycleNotifier(o: LifecycleNotifierOptions): CampaignLifecycleNotifier & {
  close(): Promise<void>;
} {
  // Connects on first use, so an API whose Temporal is down still starts.
  const connection = Connection.lazy({ address: o.address, connectTimeout: o.timeoutMs ?? 2_000 });
  const client = new Client({ connection, namespace: o.namespace });
  const bounded = async (what: string, campaignId: string, call: () => Promise<unknown>) => {
    try {
      await client.withDeadline(Date.now() + (o.timeoutMs ?? 2_000), call);
    } catch (err) {
      o.warn({ err, campaignId }, `campaign lifecycle: ${what} failed; the worker's reconcile catches up`);
    }
  };
  return {
    published: (ref) => bounded('start', ref.campaignId, () => startCampaignLifecycle(client, o.taskQueue, ref)),
    changed: (ref) => bounded('signal', ref.campaignId, () => signalCampaignChanged(client, ref.campaignId)),
    close: () => connection.close(),
  };
}
