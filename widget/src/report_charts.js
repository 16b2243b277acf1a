// @ts-check
// How the reports page draws a chart (server/http/reports.py chart_data -> a Chart.js
// configuration): plain data in, plain data out, so it is tested without a browser
// (test/report_charts.test.mjs). Categories are horizontal bars (their names are long); days
// and hours of the week are lines, a dataset of averages on a second axis at the right.

/**
 * One series of a chart: its name, a number per label, and the axis it is read on.
 * @typedef {object} ChartDataset
 * @property {string} label
 * @property {(number | null)[]} data
 * @property {"y" | "y2"} axis
 */

/**
 * A chart as the server describes it.
 * @typedef {object} ChartSpec
 * @property {"bar" | "line"} type
 * @property {string[]} labels
 * @property {ChartDataset[]} datasets
 */

// the page's accent and two colours told apart from it by people with any colour vision
export const COLOURS = ["#0b5d50", "#b34700", "#3b4cc0"];

/**
 * The height in pixels a chart needs: bars get 28 px each (at least 160), lines 280.
 * @param {ChartSpec} spec
 * @returns {number}
 */
export function chartHeight(spec) {
  return spec.type === "bar" ? Math.max(160, 40 + 28 * spec.labels.length) : 280;
}

/**
 * The Chart.js configuration of a chart: no animation (nothing moves on the page), whole
 * numbers on count axes, a legend only when there is more than one series.
 * @param {ChartSpec} spec
 * @returns {any} a Chart.js ChartConfiguration
 */
export function chartConfig(spec) {
  const bars = spec.type === "bar";
  const second = spec.datasets.some((d) => d.axis === "y2");
  /** @type {Record<string, any>} */
  const scales = bars
    ? { x: { beginAtZero: true, ticks: { precision: 0 } } }
    : {
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      };
  if (second) scales.y2 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => ({
        label: d.label,
        data: d.data,
        backgroundColor: COLOURS[i % COLOURS.length],
        borderColor: COLOURS[i % COLOURS.length],
        ...(bars ? {} : { yAxisID: d.axis, pointRadius: spec.labels.length > 60 ? 0 : 2, tension: 0 }),
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: bars ? "y" : "x",
      plugins: { legend: { display: spec.datasets.length > 1 } },
      scales,
    },
  };
}
