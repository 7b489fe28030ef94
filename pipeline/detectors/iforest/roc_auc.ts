/**
 * ROC-AUC by ranks (Mann–Whitney U): the probability that a random positive
 * scores above a random negative, ties counted as one half (average ranks).
 */

/**
 * AUC of `scores` (higher = more positive) against 0/1 `labels`.
 *
 * @example
 * ```ts
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * ```
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) {
    throw new RangeError(`rocAuc needs one label per score: ${n} scores, ${labels.length} labels`);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the tie group
    for (let k = i; k <= j; k++) {
      if (labels[order[k]]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(
      `rocAuc needs both classes: ${positives} positives, ${negatives} negatives`,
    );
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
