import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../session/session.tsx';

// A program's rules, in the order they run (the API's order: priority, then creation), cursor-paged.

export const ruleKeys = {
  list: (programId: string) => ['rules', programId] as const,
  rule: (ruleId: string) => ['rule', ruleId] as const,
  simulation: (programId: string) => ['rules', programId, 'simulation'] as const,
};

export const RULES_PAGE_SIZE = 25;

export function useRuleList(programId: string) {
  const { client } = useSignedIn();
  return useInfiniteQuery({
    queryKey: ruleKeys.list(programId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/programs/{programId}/rules', {
          params: {
            path: { programId },
            query: { limit: RULES_PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
}

export function useRule(ruleId: string | undefined) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: ruleKeys.rule(ruleId ?? ''),
    enabled: ruleId !== undefined,
    queryFn: ({ signal }) =>
      client.call(client.api.GET('/v1/rules/{ruleId}', { params: { path: { ruleId: ruleId! } }, signal })),
  });
}
