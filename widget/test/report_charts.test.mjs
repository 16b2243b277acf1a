// The reports page's charts (src/report_charts.js): categories as horizontal bars sized to their
// number, lines for days and hours with averages on a second axis, and nothing animated.
import assert from "node:assert/strict";
import { test } from "node:test";
import { COLOURS, chartConfig, chartHeight } from "../src/report_charts.js";

const OUTCOMES = {
  type: "bar",
  labels: ["Helped", "Referred", "No outcome recorded"],
  datasets: [{ label: "Conversations", data: [7, 0, 2], axis: "y" }],
};
const HOURS = {
  type: "line",
  labels: Array.from({ length: 168 }, (_, i) => `h${i}`),
  datasets: [
    { label: "Started", data: Array(168).fill(0), axis: "y" },
    { label: "Networkers on duty (average)", data: Array(168).fill(null), axis: "y2" },
  ],
};

test("categories are horizontal bars with the figures as given and no legend", () => {
  const c = chartConfig(OUTCOMES);
  assert.equal(c.type, "bar");
  assert.equal(c.options.indexAxis, "y");
  assert.deepEqual(c.data.labels, OUTCOMES.labels);
  assert.deepEqual(c.data.datasets[0].data, [7, 0, 2]);
  assert.equal(c.data.datasets[0].backgroundColor, COLOURS[0]);
  assert.equal(c.options.plugins.legend.display, false);
  assert.equal(c.options.scales.x.ticks.precision, 0);
  assert.equal(c.options.animation, false);
});

test("hours of the week are lines, averages read on a second axis at the right", () => {
  const c = chartConfig(HOURS);
  assert.equal(c.options.indexAxis, "x");
  assert.deepEqual(
    c.data.datasets.map((d) => d.yAxisID),
    ["y", "y2"],
  );
  assert.equal(c.options.scales.y2.position, "right");
  assert.equal(c.options.plugins.legend.display, true);
  assert.equal(c.data.datasets[0].pointRadius, 0);
  assert.notEqual(c.data.datasets[0].borderColor, c.data.datasets[1].borderColor);
});

test("bar charts grow with their bars, lines keep one height", () => {
  assert.equal(chartHeight(OUTCOMES), 160);
  assert.equal(chartHeight({ ...OUTCOMES, labels: Array(10).fill("x") }), 320);
  assert.equal(chartHeight(HOURS), 280);
});
