// Names the user typed (severities, rule ids, formats) match without regard to case; a typo gets
// the closest known name as a suggestion. One place for both, so every flag and file agrees.

/** The known name that `input` spells, ignoring case (and surrounding blanks). */
export function matchName<T extends string>(input: string, names: readonly T[]): T | undefined {
  const wanted = input.trim().toLowerCase();
  return names.find((name) => name.toLowerCase() === wanted);
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Inputs longer than any known name are not typos of one: no need to measure them. */
const MAX_INPUT = 100;

/**
 * What the user probably meant: the names within a typo's distance (about a third of the input),
 * closest first; failing that, up to three names that contain the input or that it contains.
 */
export function suggestions(input: string, names: readonly string[]): string[] {
  const wanted = input.trim().toLowerCase();
  if (wanted === "" || wanted.length > MAX_INPUT) return [];
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const near = names
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter((n) => n.distance <= limit && n.distance < Math.max(wanted.length, n.name.length));
  if (near.length > 0) {
    const best = Math.min(...near.map((n) => n.distance));
    return near.filter((n) => n.distance === best).map((n) => n.name);
  }
  if (wanted.length < 3) return [];
  return names.filter((name) => name.toLowerCase().includes(wanted) || wanted.includes(name.toLowerCase())).slice(0, 3);
}

/** " (did you mean high?)", or "" when nothing is close. */
export function didYouMean(input: string, names: readonly string[]): string {
  const list = suggestions(input, names);
  if (list.length === 0) return "";
  const spoken = list.length === 1 ? list[0]! : `${list.slice(0, -1).join(", ")} or ${list.at(-1)!}`;
  return ` (did you mean ${spoken}?)`;
}
