import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Only `prisma generate` uses this (migrations are plain SQL, see src/db/migrate.ts).
export default defineConfig({
  schema: path.join(import.meta.dirname, 'prisma', 'schema.prisma'),
});
