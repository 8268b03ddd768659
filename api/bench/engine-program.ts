import { campaigns, ruleInput, SEGMENTS, tiers } from '../../shared/src/rules/bench/bench-program.ts';
import { post } from './tenant-setup.ts';

// The engine bench's program configured through the API, as a merchant would: the same 50
// rules, 5 tiers and 10 campaigns the pure engine bench computes with (bench-program.ts), with
// real segments in place of the placeholder ids and campaign dates around now.

export async function configureBenchProgram(
  baseUrl: string,
  accessToken: string,
  programId: string,
  memberIds: string[],
): Promise<void> {
  const on = (route: string, body: unknown) => post(baseUrl, `/v1/programs/${programId}/${route}`, body, accessToken);
  // Placeholder segment ids become real static segments, each holding a slice of the members.
  const segmentIds = new Map<string, string>();
  for (const [i, placeholder] of SEGMENTS.entries()) {
    const id = (await on('segments', { name: `segment ${i}`, kind: 'static' })).id as string;
    await post(
      baseUrl,
      `/v1/segments/${id}/members`,
      { memberIds: memberIds.filter((_, n) => n % SEGMENTS.length === i) },
      accessToken,
    );
    segmentIds.set(placeholder, id);
  }
  const real = (text: string) => [...segmentIds].reduce((t, [from, to]) => t.replaceAll(from, to), text);
  for (let i = 0; i < 50; i++) await on('rules', JSON.parse(real(JSON.stringify(ruleInput(i)))));
  for (const [i, tier] of tiers.entries())
    await on('tiers', { name: tier.name, threshold: i * 500, benefits: { multiplier: tier.multiplier } });
  const startsAt = new Date(Date.now() - 3_600_000).toISOString();
  const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  for (const c of campaigns) {
    const created = await on('campaigns', {
      name: c.name,
      startsAt,
      endsAt,
      bonus: c.bonus,
      segmentIds: c.segmentIds.map((s) => segmentIds.get(s)!),
      ...(c.condition ? { condition: c.condition } : {}),
      maxParticipationsPerMember: c.maxParticipationsPerMember,
      budgetPoints: c.budgetRemaining,
    });
    await post(baseUrl, `/v1/campaigns/${created.id as string}/publish`, {}, accessToken);
  }
}
