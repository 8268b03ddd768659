import type { LoyaltyClient, Schemas } from '@loyalty/sdk';
import { useQuery } from '@tanstack/react-query';
import { useSignedIn } from '../session/session.tsx';

export type Program = Schemas['Program'];

/** Every program of the tenant: a handful, so the SDK's paginate walks all pages. */
async function allPrograms(client: LoyaltyClient): Promise<Program[]> {
  const programs: Program[] = [];
  for await (const program of client.paginate('/v1/programs', { params: { query: { limit: 100 } } }))
    programs.push(program);
  return programs;
}

export function usePrograms() {
  const { client, claims } = useSignedIn();
  return useQuery({ queryKey: ['programs', claims.tenantId], queryFn: () => allPrograms(client), staleTime: 60_000 });
}

export function useProgram(programId: string): Program | undefined {
  return usePrograms().data?.find((p) => p.id === programId);
}
