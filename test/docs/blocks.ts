/**
 * The shell examples of a Markdown file and the output shown after each, for the doc-test.
 *
 * - A ```sh block is an example to run. `<!-- doc-test: skip (why) -->` on the line before its
 *   fence keeps it from running, and says why.
 * - A ```text block after it (before the next ```sh block) shows lines it prints.
 * - Other blocks (```yaml, untagged ones) are not checked.
 */
export interface DocBlock {
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  code: string;
  /** Why it is not run, when it is not. */
  skip?: string;
  shown: Array<{ line: number; text: string }>;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const SKIP = /^<!--\s*doc-test:\s*skip\s*(.*?)\s*-->$/;

export function docBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: DocBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = FENCE.exec(lines[i]!);
    if (!open) {
      i++;
      continue;
    }
    const [, indent, fence, lang] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence!); i++) body.push(lines[i]!.slice(Math.min(indent!.length, lines[i]!.length - lines[i]!.trimStart().length)));
    i++;
    const text = body.join('\n');
    if (lang === 'sh') {
      const before = start > 0 ? SKIP.exec(lines[start - 1]!.trim()) : null;
      blocks.push({ file, line: start + 1, code: text, ...(before ? { skip: before[1] ?? '' } : {}), shown: [] });
    } else if (lang === 'text' && blocks.length > 0) {
      blocks[blocks.length - 1]!.shown.push({ line: start + 2, text });
    }
  }
  return blocks;
}

/**
 * Whether the output holds the shown lines in order. A shown line matches an output line equal to
 * it (indentation and trailing spaces aside: an excerpt may drop a level of indent); a shown line with "…" in it matches an output line holding its parts
 * in order; a line of only "…" stands for any lines. Blank shown lines are skipped. Returns the
 * first shown line not found, or undefined.
 */
export function matchShown(shown: string, output: string): string | undefined {
  const out = output.split(/\r?\n/).map((l) => l.trim());
  let at = 0;
  for (const raw of shown.split('\n')) {
    const want = raw.trim();
    if (want === '' || want === '…') continue;
    const parts = want.split('…');
    const hit = out.findIndex((line, k) => k >= at && (parts.length === 1 ? line === want : holdsInOrder(line, parts)));
    if (hit < 0) return want;
    at = hit + 1;
  }
  return undefined;
}

function holdsInOrder(line: string, parts: string[]): boolean {
  if (!line.startsWith(parts[0]!) || !line.endsWith(parts[parts.length - 1]!)) return false;
  let from = parts[0]!.length;
  for (const part of parts.slice(1, -1)) {
    const k = line.indexOf(part, from);
    if (k < 0) return false;
    from = k + part.length;
  }
  return from <= line.length - parts[parts.length - 1]!.length;
}
