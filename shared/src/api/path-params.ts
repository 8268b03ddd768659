import { z } from 'zod';
import { idSchema } from './common.ts';
import { roleKeySchema } from './auth.ts';
import { orderRefSchema } from './transactions.ts';

// One name per concept in every path: a program is `{programId}` wherever it appears, whether the
// path is the program itself or something inside it, so a client never has to guess whether
// `{id}` means the program or the thing after it.

export const programParamsSchema = z.strictObject({ programId: idSchema });
export const memberParamsSchema = z.strictObject({ memberId: idSchema });
export const postingParamsSchema = z.strictObject({ postingId: idSchema });
export const ruleParamsSchema = z.strictObject({ ruleId: idSchema });
export const tierParamsSchema = z.strictObject({ tierId: idSchema });
export const rewardParamsSchema = z.strictObject({ rewardId: idSchema });
export const redemptionParamsSchema = z.strictObject({ redemptionId: idSchema });
export const segmentParamsSchema = z.strictObject({ segmentId: idSchema });
export const campaignParamsSchema = z.strictObject({ campaignId: idSchema });
export const userParamsSchema = z.strictObject({ userId: idSchema });
export const apiKeyParamsSchema = z.strictObject({ apiKeyId: idSchema });
export const roleParamsSchema = z.strictObject({ roleKey: roleKeySchema });
export const savedReportParamsSchema = z.strictObject({ savedReportId: idSchema });
export const analyticsUserParamsSchema = z.strictObject({ analyticsUserId: idSchema });

export const externalIdParamsSchema = z.strictObject({
  programId: idSchema,
  externalId: z.string().min(1).max(200).describe("the member's id in the merchant's own systems"),
});
export const orderParamsSchema = z.strictObject({ programId: idSchema, orderId: orderRefSchema });
