import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_API_TYPES, generateFromSnapshot } from './api-types-codegen.ts';

// `npm run sdk:generate`: rewrites the SDK's generated types from the committed OpenAPI snapshot.

const source = await generateFromSnapshot();
await writeFile(GENERATED_API_TYPES, source);
console.log(`wrote ${path.relative(process.cwd(), GENERATED_API_TYPES)} (${source.length} characters)`);
