import { describe, expect, it } from 'vitest';
import { databaseUrlAs } from './database-roles.ts';

describe('databaseUrlAs', () => {
  it('swaps the user and drops the password, keeping host, port, database and options', () => {
    expect(databaseUrlAs('postgres://owner:secret@db.example:5433/loyalty?sslmode=require', 'loyalty_app')).toBe(
      'postgres://loyalty_app@db.example:5433/loyalty?sslmode=require',
    );
  });
});
