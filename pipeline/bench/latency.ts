// Latency sampling for the analytics bench: warm-ups first (caches, the mark cache, the
// uncompressed cache, the client's keep-alive socket), then N sequential runs.

export interface LatencySummary {
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** What the last run returned, summarized by the caller (rows matched, rows in the report). */
  detail: string;
}

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export async function sampleLatency(
  runs: number,
  warmUps: number,
  run: () => Promise<string>,
): Promise<LatencySummary> {
  for (let i = 0; i < warmUps; i++) await run();
  const samples: number[] = [];
  let detail = '';
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    detail = await run();
    samples.push(performance.now() - began);
  }
  samples.sort((a, b) => a - b);
  return {
    runs,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: samples[samples.length - 1]!,
    detail,
  };
}
