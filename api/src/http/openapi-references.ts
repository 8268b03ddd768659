// Every `$ref` of the document must point at something in it: a reference that resolves to
// nothing makes validators refuse the whole document and client generators stop, and a
// generator bug once produced such references for every recursive schema.

export interface UnresolvedReference {
  /** Where the `$ref` sits, as a JSON pointer. */
  at: string;
  ref: string;
}

/** The local (`#/...`) references of a document that resolve to nothing, in document order. */
export function unresolvedReferences(document: unknown): UnresolvedReference[] {
  const found: UnresolvedReference[] = [];
  visit(document, '', (ref, at) => {
    if (!ref.startsWith('#') || resolvePointer(document, ref.slice(1)) === undefined) found.push({ at, ref });
  });
  return found;
}

function visit(value: unknown, at: string, onRef: (ref: string, at: string) => void): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childAt = `${at}/${escapeToken(key)}`;
    if (key === '$ref' && typeof child === 'string') onRef(child, childAt);
    else visit(child, childAt, onRef);
  }
}

/** RFC 6901 over a URI fragment: percent-decoded, then `~1` is `/` and `~0` is `~`. */
function resolvePointer(document: unknown, fragment: string): unknown {
  if (fragment === '') return document;
  if (!fragment.startsWith('/')) return undefined;
  let node = document;
  for (const token of decodeURIComponent(fragment).slice(1).split('/')) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function escapeToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
