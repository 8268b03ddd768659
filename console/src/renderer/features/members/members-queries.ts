import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../session/session.tsx';

// Server state of the member screens. Lists are cursor-paged by the API: each page's nextCursor
// is the next page's parameter, and the whole list lives under one query key.

export const memberKeys = {
  list: (programId: string) => ['members', programId] as const,
  member: (memberId: string) => ['member', memberId] as const,
  tier: (memberId: string) => ['member', memberId, 'tier'] as const,
  postings: (memberId: string) => ['member', memberId, 'postings'] as const,
};

const PAGE_SIZE = 100;

export function useMemberList(programId: string) {
  const { client } = useSignedIn();
  return useInfiniteQuery({
    queryKey: memberKeys.list(programId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/programs/{programId}/members', {
          params: { path: { programId }, query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
}

export function useMember(memberId: string) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: memberKeys.member(memberId),
    queryFn: ({ signal }) =>
      client.call(client.api.GET('/v1/members/{memberId}', { params: { path: { memberId } }, signal })),
  });
}

export function useMemberTier(memberId: string, enabled: boolean) {
  const { client } = useSignedIn();
  return useQuery({
    queryKey: memberKeys.tier(memberId),
    enabled,
    queryFn: ({ signal }) =>
      client.call(client.api.GET('/v1/members/{memberId}/tier', { params: { path: { memberId } }, signal })),
  });
}

export function useMemberPostings(memberId: string, enabled: boolean) {
  const { client } = useSignedIn();
  return useInfiniteQuery({
    queryKey: memberKeys.postings(memberId),
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      client.call(
        client.api.GET('/v1/members/{memberId}/postings', {
          params: { path: { memberId }, query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (last) => (last.hasMore && last.nextCursor ? last.nextCursor : undefined),
  });
}
