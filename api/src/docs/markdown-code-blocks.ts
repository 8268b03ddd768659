// The code examples of a Markdown document (shell, SQL or another language), in order, so a test
// can run them as written.
// A block that must not run (it starts the platform, or runs the very test that reads it) says
// so just above its fence (Prettier puts a blank line between), with the reason:
//
//   <!-- examples test: skip, starts the platform itself -->
//
//   ```sh
//
// Every other block runs, so a reader can trust that each one works as printed.

export interface CodeBlock {
  /** 1-based line of the opening fence, for error messages. */
  line: number;
  code: string;
  /** Why the block is not run; undefined for a block that runs. */
  skip?: string;
}
export type ShellBlock = CodeBlock;

// `console` blocks are transcripts (prompts and output), not scripts: they are not collected.
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell']);
const SQL_LANGUAGES = new Set(['sql']);
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const SKIP_MARKER = /^<!--\s*examples test:\s*skip,\s*(.+?)\s*-->$/;

export class MarkdownExamplesError extends Error {}

export function shellBlocks(markdown: string): ShellBlock[] {
  return codeBlocks(markdown, SHELL_LANGUAGES);
}

export function sqlBlocks(markdown: string): CodeBlock[] {
  return codeBlocks(markdown, SQL_LANGUAGES);
}

/** The blocks whose fence names one of `languages` (lower case). */
export function codeBlocks(markdown: string, languages: ReadonlySet<string>): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [indent = '', fence = '', language = ''] = open.slice(1);
    const end = closingFence(lines, i, fence);
    if (end === -1) throw new MarkdownExamplesError(`line ${i + 1}: code block without a closing ${fence}`);
    if (languages.has(language.toLowerCase())) {
      const code = lines
        .slice(i + 1, end)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n');
      const skip = skipReason(lines, i);
      blocks.push({ line: i + 1, code, ...(skip !== undefined ? { skip } : {}) });
    }
    i = end;
  }
  return blocks;
}

/** The line of the fence that closes the one opened at `from`: same character, at least as long. */
function closingFence(lines: string[], from: number, fence: string): number {
  for (let j = from + 1; j < lines.length; j++) {
    const t = lines[j]!.trim();
    if (t.length >= fence.length && t === fence[0]!.repeat(t.length)) return j;
  }
  return -1;
}

/** The reason given by a skip marker on the nearest non-blank line above the fence at `fence`. */
function skipReason(lines: string[], fence: number): string | undefined {
  let above = fence - 1;
  while (above >= 0 && lines[above]!.trim() === '') above--;
  return above < 0 ? undefined : SKIP_MARKER.exec(lines[above]!.trim())?.[1];
}
