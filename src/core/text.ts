/**
 * Text as officers type it: compared after Unicode NFC normalisation, trimmed, with inner runs of
 * spaces collapsed and case folded, so "Đạt ", "đạt" and the decomposed "đạt" (NFD) are one level.
 */
export function foldText(text: string): string {
  let folded = folds.get(text);
  if (folded === undefined) {
    folded = text.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim().toLocaleLowerCase('vi');
    // Evidence repeats the same unit and indicator names on every row: remember recent folds.
    if (folds.size >= 50_000) folds.clear();
    folds.set(text, folded);
  }
  return folded;
}

const folds = new Map<string, string>();

/** Levenshtein distance, for "did you mean" suggestions on short keys and ids. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate when it is close enough to be a slip of the keyboard: at most a third of
 * the word's letters differ (and at least one may). Compared case-insensitively and without
 * Vietnamese diacritics, so "ngay_tra" suggests "ngày_trả".
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = plain(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, plain(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  // No candidate leaves bestDistance at Infinity.
  return bestDistance <= allowed ? best : undefined;
}

/** Lower case without diacritics ("Đạt" → "dat"), for matching headers and suggestions. */
export function plain(text: string): string {
  return foldText(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}

/** Ids compared as people read them: "xa-2" before "xa-10", "1.2" before "1.10". */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'vi', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}
