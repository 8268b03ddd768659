import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { paths } from '@loyalty/sdk';
import type { CurrencyCode } from '@loyalty/shared';
import { currencyCode, minorAmount, timestamp } from '../argument-parsers.ts';
import { printRecord } from '../cli-output.ts';
import { contextOf } from '../command-context.ts';
import { UsageError } from '../exit-codes.ts';

type TransactionBody =
  paths['/v1/programs/{programId}/transactions']['post']['requestBody']['content']['application/json'];
type PurchaseLines = NonNullable<TransactionBody['purchase']['lines']>;

interface SendOptions {
  program: string;
  member: string;
  orderId: string;
  amount: number;
  currency: CurrencyCode;
  occurredAt?: string;
  linesFile?: string;
}

export function registerOrdersCommand(program: Command): void {
  const orders = program.command('orders').description('purchases');
  orders
    .command('send')
    .description(
      "record a member's purchase: the program's rules turn it into points (a resend of the same order id answers the first result)",
    )
    .requiredOption('--program <programId>', 'the program')
    .requiredOption('--member <memberId>', 'the member (our id)')
    .requiredOption('--order-id <orderId>', "the merchant's order id, unique per program")
    .requiredOption('--amount <minorUnits>', 'the total in minor units (12.50 EUR is 1250)', minorAmount)
    .requiredOption('--currency <code>', 'ISO 4217 code, such as EUR', currencyCode)
    .option('--occurred-at <timestamp>', 'when the purchase happened (ISO 8601; default: now)', timestamp)
    .option(
      '--lines-file <file>',
      'a JSON array of lines: {"sku", "category", "quantity", "amount"} (amounts add up to --amount)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  loyalty orders send --program 9b1d...7a --member 5f0c...e1 --order-id order-1002 --amount 1250 --currency EUR --lines-file lines.json',
    )
    .action(async (opts: SendOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const lines = opts.linesFile === undefined ? undefined : await linesOf(opts.linesFile);
      const client = await ctx.client();
      const result = await client.call(
        client.api.POST('/v1/programs/{programId}/transactions', {
          params: { path: { programId: opts.program } },
          body: {
            memberId: opts.member,
            orderId: opts.orderId,
            purchase: {
              amount: opts.amount,
              currency: opts.currency,
              occurredAt: opts.occurredAt ?? new Date().toISOString(),
              ...(lines === undefined ? {} : { lines }),
            },
          },
        }),
      );
      printRecord(result, ctx.output, [
        ['order', result.order.orderId],
        ['status', result.order.status],
        ['points', result.order.points],
        ['pending', result.order.pending],
        ['available', result.balance.available],
      ]);
    });
}

async function linesOf(file: string): Promise<PurchaseLines> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--lines-file ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UsageError(`--lines-file ${file} must hold a JSON array of at least one line`);
  }
  // The API checks each line (and that they add up to the amount) and names the field at fault.
  return parsed as PurchaseLines;
}
