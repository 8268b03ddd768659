import type { Command } from 'commander';
import { listLimit, points } from '../argument-parsers.ts';
import { printList, printRecord } from '../cli-output.ts';
import { contextOf, type CommandContext } from '../command-context.ts';
import type { Schemas } from '@loyalty/sdk';

type PostingResult = Schemas['PostingResult'];

export function registerPointsCommand(program: Command): void {
  const group = program.command('points').description("a member's points");

  group
    .command('earn')
    .description('credit points to a member')
    .argument('<memberId>', 'the member (our id)')
    .argument('<points>', 'how many points, 1 or more', points)
    .option('--reason <reason>', 'why, kept on the posting')
    .option('--order-id <orderId>', "the merchant's order id, for reconciliation")
    .addHelpText(
      'after',
      '\nExample:\n  loyalty points earn 5f0c...e1 120 --reason "welcome bonus" --order-id order-1001',
    )
    .action(async (memberId: string, n: number, opts: { reason?: string; orderId?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const result = await client.call(
        client.api.POST('/v1/members/{memberId}/points/earn', {
          params: { path: { memberId } },
          body: { points: n, ...opts },
        }),
      );
      printPosting(result, ctx);
    });

  group
    .command('spend')
    .description('spend (redeem) points of a member; refused with insufficient_points if short')
    .argument('<memberId>', 'the member (our id)')
    .argument('<points>', 'how many points, 1 or more', points)
    .option('--reason <reason>', 'why, kept on the posting')
    .option('--order-id <orderId>', "the merchant's order id, for reconciliation")
    .addHelpText('after', '\nExample:\n  loyalty points spend 5f0c...e1 50 --reason "free coffee"')
    .action(async (memberId: string, n: number, opts: { reason?: string; orderId?: string }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const result = await client.call(
        client.api.POST('/v1/members/{memberId}/points/redeem', {
          params: { path: { memberId } },
          body: { points: n, ...opts },
        }),
      );
      printPosting(result, ctx);
    });

  group
    .command('history')
    .description("a member's postings, newest first (every page, up to --limit)")
    .argument('<memberId>', 'the member (our id)')
    .option('--limit <n>', 'show at most n postings', listLimit)
    .addHelpText('after', '\nExample:\n  loyalty points history 5f0c...e1 --limit 20')
    .action(async (memberId: string, opts: { limit?: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const client = await ctx.client();
      const pages = client.paginate('/v1/members/{memberId}/postings', {
        params: { path: { memberId }, query: { limit: Math.min(opts.limit ?? 200, 200) } },
      });
      await printList(
        upTo(pages, opts.limit ?? Number.POSITIVE_INFINITY),
        ctx.output,
        ['createdAt', 'kind', 'status', 'points', 'reason', 'orderId', 'id'],
        (p) => [p.createdAt, p.kind, p.status, p.points, p.reason, p.orderId, p.id],
      );
    });
}

async function* upTo<T>(items: AsyncGenerator<T>, limit: number): AsyncGenerator<T> {
  let count = 0;
  if (limit <= 0) return;
  for await (const item of items) {
    yield item;
    count += 1;
    if (count >= limit) return;
  }
}

function printPosting(result: PostingResult, ctx: CommandContext): void {
  printRecord(result, ctx.output, [
    ['posting', result.posting.id],
    ['kind', result.posting.kind],
    ['points', result.posting.points],
    ['available', result.balance.available],
    ['pending', result.balance.pending],
  ]);
}
