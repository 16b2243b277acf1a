// @ts-check
// The reports page (templates/reports.html): draws every <canvas data-chart="key"> from the JSON
// block #nr-report with Chart.js (bundled by build.mjs, no CDN). Each chart is an image with a
// name for screen readers, and its table with the same figures follows it on the page, so
// nothing is only in a picture. Marks each canvas it drew with data-drawn="true".
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { chartConfig, chartHeight } from "./report_charts.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.font.family = "system-ui, sans-serif";
Chart.defaults.color = "#1a1a1a";

function main() {
  const block = document.getElementById("nr-report");
  /** @type {Record<string, import("./report_charts.js").ChartSpec>} */
  const specs = block ? JSON.parse(block.textContent || "{}") : {};
  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    if (!(canvas instanceof HTMLCanvasElement)) continue;
    const spec = specs[canvas.dataset.chart || ""];
    if (!spec) continue;
    const box = canvas.parentElement;
    if (box) box.style.height = `${chartHeight(spec)}px`;
    new Chart(canvas, chartConfig(spec));
    canvas.dataset.drawn = "true";
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
else main();
