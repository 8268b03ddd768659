import type { LoyaltyClient, operations, Schemas } from '@loyalty/sdk';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSignedIn } from '../session/session.tsx';
import { TIME_ZONES } from '@loyalty/shared';
import type { ResolvedRange } from './time-range.ts';

const REPORT_ZONES: ReadonlySet<string> = new Set(TIME_ZONES);

/**
 * The range's zone as the report API lists it. The picker offers the browser's zones, which can
 * name one the API's list does not have (an older alias): such a zone is reported in UTC.
 */
function reportZone(zone: string): Schemas['TimeZoneInput'] {
  return (REPORT_ZONES.has(zone) ? zone : 'UTC') as Schemas['TimeZoneInput'];
}

// Server state of the dashboard. Every report query of a program lives under one key prefix, so
// a refresh cancels what is still running (its fetch is aborted through the signal) before asking
// again; the live feed polls on its own, once a second while the page is visible.

export const dashboardKeys = {
  reports: (programId: string) => ['dashboard', programId, 'reports'] as const,
  kpis: (programId: string, r: ResolvedRange) =>
    [...dashboardKeys.reports(programId), 'kpis', r.fromDay, r.toDay] as const,
  campaigns: (programId: string, r: ResolvedRange) =>
    [...dashboardKeys.reports(programId), 'campaigns', r.fromDay, r.toDay] as const,
  series: (programId: string, r: ResolvedRange) =>
    [...dashboardKeys.reports(programId), 'series', r.from, r.to, r.timeZone, r.grain] as const,
  topRewards: (programId: string, r: ResolvedRange) =>
    [...dashboardKeys.reports(programId), 'top-rewards', r.from, r.to] as const,
  rewardNames: (programId: string) => ['dashboard', programId, 'reward-names'] as const,
  feed: (programId: string) => ['dashboard', programId, 'feed'] as const,
};

export const FEED_POLL_MS = 1_000;
export const FEED_SIZE = 12;
export const TOP_REWARDS = 5;

type ReportResult = Schemas['ReportResult'];
type ReportBody = operations['runReport']['requestBody']['content']['application/json'];

async function runReport(client: LoyaltyClient, body: ReportBody, signal: AbortSignal): Promise<ReportResult> {
  const result = await client.call(client.api.POST('/v1/reports/query', { body, signal }));
  // Only ?format=csv answers text; the dashboard never asks for it.
  if (typeof result === 'string') throw new Error('the report API answered CSV to a JSON query');
  return result;
}

export function useKpis(programId: string, range: ResolvedRange) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.kpis(programId, range),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      client.call(
        client.api.GET('/v1/reports/kpis', {
          params: { query: { from: range.fromDay, to: range.toDay, programId } },
          signal,
        }),
      ),
  });
}

export function useCampaignParticipation(programId: string, range: ResolvedRange) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.campaigns(programId, range),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      client.call(
        client.api.GET('/v1/reports/campaigns', {
          params: { query: { from: range.fromDay, to: range.toDay, programId } },
          signal,
        }),
      ),
  });
}

export function usePointsSeries(programId: string, range: ResolvedRange) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.series(programId, range),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      runReport(
        client,
        {
          dimensions: [],
          measures: ['points_issued', 'points_redeemed'],
          timeGrain: range.grain,
          timeRange: { from: range.from, to: range.to },
          timezone: reportZone(range.timeZone),
          filters: { programIds: [programId] },
          orderBy: [{ field: 'period', direction: 'asc' }],
          limit: 10_000,
        },
        signal,
      ),
  });
}

/** Rewards by redemptions in the range: the report's `reward` dimension over redeem postings. */
export function useTopRewards(programId: string, range: ResolvedRange) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.topRewards(programId, range),
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      runReport(
        client,
        {
          dimensions: ['reward'],
          measures: ['redemptions', 'points_redeemed'],
          timeGrain: 'none',
          timeRange: { from: range.from, to: range.to },
          timezone: reportZone(range.timeZone),
          filters: { programIds: [programId], kinds: ['redeem'] },
          orderBy: [
            { field: 'redemptions', direction: 'desc' },
            { field: 'reward', direction: 'asc' },
          ],
          // One more than shown: points redeemed without a reward come back as the '' reward.
          limit: TOP_REWARDS + 1,
        },
        signal,
      ),
  });
}

/** Reward names for the top rewards; a role without rewards:read sees ids. */
export function useRewardNames(programId: string, enabled: boolean) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.rewardNames(programId),
    enabled,
    staleTime: 60_000,
    queryFn: async ({ signal }) => {
      const names = new Map<string, string>();
      const page = await client.call(
        client.api.GET('/v1/programs/{programId}/rewards', {
          params: { path: { programId }, query: { limit: 200 } },
          signal,
        }),
      );
      for (const r of page.data) names.set(r.id, r.name);
      return names;
    },
  });
}

export function useLiveFeed(programId: string, enabled: boolean) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: dashboardKeys.feed(programId),
    enabled,
    refetchInterval: FEED_POLL_MS,
    queryFn: ({ signal }) =>
      client.call(
        client.api.GET('/v1/programs/{programId}/postings', {
          params: { path: { programId }, query: { limit: FEED_SIZE } },
          signal,
        }),
      ),
  });
}

/** Refresh the reports: running queries are cancelled first, then everything is asked again. */
export function useRefreshReports(programId: string) {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    const queryKey = dashboardKeys.reports(programId);
    await queryClient.cancelQueries({ queryKey });
    await queryClient.invalidateQueries({ queryKey });
  }, [programId, queryClient]);
}
