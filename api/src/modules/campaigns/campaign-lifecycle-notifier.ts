// What the campaign routes tell the lifecycle workflow (workflows/src/campaigns), after their
// transaction committed: a campaign was published, or its dates, state or existence changed.
// Best effort by contract: an implementation never throws and never holds a response up for
// long, so a publish succeeds while Temporal is unreachable; the worker's reconcile starts every
// published campaign's lifecycle within a minute, and the lifecycle reads the campaign again at
// each of its instants, so a lost notice delays nothing that moved later.

export interface CampaignRef {
  tenantId: string;
  campaignId: string;
}

export interface CampaignLifecycleNotifier {
  published(ref: CampaignRef): Promise<void>;
  changed(ref: CampaignRef): Promise<void>;
}

/** Without Temporal (tests, tools): the worker's reconcile alone starts lifecycles. */
export const noCampaignLifecycleNotifier: CampaignLifecycleNotifier = {
  published: async () => undefined,
  changed: async () => undefined,
};
