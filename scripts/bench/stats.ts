export interface Summary {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  if (!s.length) return { n: 0, median: NaN, p95: NaN, mean: NaN, min: NaN, max: NaN };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return {
    n: s.length,
    median,
    p95: percentile(s, 95),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    min: s[0],
    max: s[s.length - 1],
  };
}

export function median(samples: number[]): number {
  return summarize(samples).median;
}

export function fmt(v: number | undefined, digits = 1): string {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 100) return v.toFixed(Math.min(digits, 1));
  return v.toFixed(digits);
}
