import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@loyalty/shared';
import { errorCodesMarkdown } from './error-reference.ts';

describe('the error code table', () => {
  it('has one row per code the API answers, with its status', () => {
    const rows = errorCodesMarkdown()
      .split('\n')
      .filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => r.split('`')[1])).toEqual([...ERROR_CODES]);
    expect(rows).toContain(
      '| `insufficient_points` | 409 | The member has fewer available points than the spend needs; `details` has both figures. |',
    );
    expect(rows.find((r) => r.startsWith('| `rate_limited` |'))).toMatch(/^\| `rate_limited` \| 429 \|/);
  });
});
