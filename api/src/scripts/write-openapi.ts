import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildOpenApiDocument, OPENAPI_SNAPSHOT_PATH } from '../http/openapi-document.ts';

// Writes the committed OpenAPI snapshot (npm run openapi:snapshot); no server or database needed.
// Formatted by Prettier so that `prettier --check .` accepts the file as written.

const document = await buildOpenApiDocument();
const options = await resolveConfig(OPENAPI_SNAPSHOT_PATH);
const text = await format(JSON.stringify(document), { ...options, filepath: OPENAPI_SNAPSHOT_PATH });
await writeFile(OPENAPI_SNAPSHOT_PATH, text);
const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item ?? {})).length;
console.log(`wrote ${path.relative(process.cwd(), OPENAPI_SNAPSHOT_PATH)}: ${operations} operations`);
