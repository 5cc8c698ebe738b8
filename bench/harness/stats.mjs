// Summaries of repeated measurements: the median is the figure, min–max shows the spread.

export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** { median, min, max, n } of the defined numbers in `values`, or undefined when there are none. */
export function summarize(values) {
  const numbers = values.filter((value) => typeof value === "number" && Number.isFinite(value));
  if (numbers.length === 0) return undefined;
  return { median: median(numbers), min: Math.min(...numbers), max: Math.max(...numbers), n: numbers.length };
}

export function formatMs(ms) {
  if (ms === undefined) return "n/a";
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.round(ms)} ms`;
}

export function formatBytes(bytes) {
  if (bytes === undefined) return "n/a";
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

export function formatNumber(value, digits = 0) {
  if (value === undefined) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max)" with the given formatter; a single run shows just the figure. */
export function formatSummary(summary, format = formatMs) {
  if (!summary) return "n/a";
  if (summary.n === 1 || summary.min === summary.max) return format(summary.median);
  return `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
}

// Ratios and percentages are rounded down, so that a figure never reads as a target it missed (2.97× is 2.9×).

/** How many times `baseline` is bigger than `value` ("9.8×", "14×"); n/a when either is missing. */
export function ratio(baseline, value) {
  if (!baseline || !value) return "n/a";
  const times = baseline / value;
  return times >= 10 ? `${Math.floor(times)}×` : `${(Math.floor(times * 10) / 10).toFixed(1)}×`;
}

/** value as a percentage of reference ("63%"). */
export function percentOf(value, reference) {
  if (!value || !reference) return "n/a";
  return `${Math.floor((value / reference) * 100)}%`;
}
