// Answers remembered for recent questions: hot paths ask the same thing of many resources (a
// message text, a URL, an attribute name), and the answer costs more than a lookup.

/** How many answers are remembered before all are forgotten at once. */
const LIMIT = 4096;

/**
 * `compute`, remembered for the recent keys. Bounded, so that an estate whose keys all differ holds
 * no more than without it. Answers are shared between callers: they must not be changed.
 */
export function recently<V>(compute: (key: string) => V): (key: string) => V {
  const answers = new Map<string, V>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined || answers.has(key)) return known as V;
    if (answers.size >= LIMIT) answers.clear();
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}
