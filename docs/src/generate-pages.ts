import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorCodesMarkdown } from './error-reference.ts';
import { eventReferenceMarkdown } from './event-reference.ts';
import { GENERATED_PAGES } from './site-paths.ts';

// Writes the pages generated from the code's contracts. A file is rewritten only when its text
// changes, so VitePress's dev server does not reload for nothing.

export function generatePages(): string[] {
  const pages: [string, string][] = [
    [GENERATED_PAGES.events, eventReferenceMarkdown()],
    [GENERATED_PAGES.errorCodes, errorCodesMarkdown()],
  ];
  const written: string[] = [];
  for (const [file, text] of pages) {
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

if (import.meta.main) {
  const written = generatePages();
  console.log(written.length > 0 ? `docs: wrote ${written.join(', ')}` : 'docs: generated pages unchanged');
}
