import type pg from 'pg';
import type { TokenService } from './modules/auth/tokens.ts';
import type { PiiCipher } from './modules/members/pii-crypto.ts';
import type { PostingExecutor } from './modules/ledger/posting-batcher.ts';

/** What route modules receive from app.ts. */
export interface ApiDeps {
  pool: pg.Pool;
  tokens: TokenService;
  pii: PiiCipher;
  postings: PostingExecutor;
}
