const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful BST search among n points (Liu et al. 2008; sklearn's c(n)). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}
