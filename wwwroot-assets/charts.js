// A small append-only time-series chart drawn as SVG, for the container detail page (Components/Detail).
// The server sends each new point once (append); the chart keeps its own copy and drops points older than its
// window, so a circuit never re-sends a whole series. Points are arrays [timeMs, v1, v2, ...], one value per series.
const NS = "http://www.w3.org/2000/svg";
const charts = new WeakMap();

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// Bytes as Components/ByteSize.cs writes them beside the chart ("64 MiB", "1.5 KiB"): at most one decimal, no trailing zero.
function fmt(v, unit) {
  if (unit === "bytes") {
    const u = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]; let i = 0;
    while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return (i ? String(Math.round(v * 10) / 10) : Math.round(v)) + " " + u[i];
  }
  if (unit === "bytes/s") return fmt(v, "bytes") + "/s";
  if (unit === "percent") return (v >= 10 ? Math.round(v) : v.toFixed(1)) + " %";
  return String(Math.round(v));
}

// options: { windowMs, unit: "percent"|"bytes"|"bytes/s"|"count", series: [{ name, color, axis: "left"|"right", unit }],
//            limitScale: fraction (optional) }
// limitScale: a limit the data stays far below (the PIDs chart's default of 4096 against a handful of processes) would
// flatten the line the user came to read, so the scale takes the limit in only once the peak reaches this fraction of
// it; until then the limit is named at the top instead of drawn.
export function init(host, options, points, limit, markers) {
  host.replaceChildren();
  const svg = el("svg", { class: "dchart-svg", viewBox: "0 0 600 200", preserveAspectRatio: "none", role: "img" }, host);
  const state = { svg, options, points: [], limit: limit ?? null, markers: [], scheduled: false };
  charts.set(host, state);
  append(host, points || [], limit);
  for (const m of markers || []) marker(host, m[0], m[1]);
}

export function append(host, points, limit) {
  const s = charts.get(host); if (!s) return;
  for (const p of points) s.points.push(p);
  s.limit = limit ?? null;
  const cut = Date.now() - s.options.windowMs;
  let drop = 0; while (drop < s.points.length && s.points[drop][0] < cut) drop++;
  if (drop) s.points.splice(0, drop);
  s.markers = s.markers.filter(m => m[0] >= cut);
  schedule(s);
}

export function marker(host, timeMs, label) {
  const s = charts.get(host); if (!s) return;
  s.markers.push([timeMs, label || ""]);
  schedule(s);
}

export function dispose(host) { charts.delete(host); host.replaceChildren(); }

// Triggers a browser download of text produced on the server (the logs tab).
export function downloadText(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url; a.download = fileName; document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function schedule(s) {
  if (s.scheduled) return;
  s.scheduled = true;
  requestAnimationFrame(() => { s.scheduled = false; draw(s); });
}

function draw(s) {
  const { svg, options } = s, W = 600, H = 200, L = 56, R = 48, T = 8, B = 20;
  svg.replaceChildren();
  const now = Date.now(), t0 = now - options.windowMs;
  const x = t => L + (t - t0) / options.windowMs * (W - L - R);
  const peakLeft = Math.max(0, ...s.points.flatMap(p => options.series.map((ser, i) => (ser.axis || "left") === "left" ? p[i + 1] || 0 : 0)));
  const limitDrawn = s.limit && !(options.limitScale && peakLeft < s.limit * options.limitScale);
  const maxOf = axis => {
    let m = axis === "left" && limitDrawn ? s.limit * 1.1 : 0;
    options.series.forEach((ser, i) => { if ((ser.axis || "left") === axis) for (const p of s.points) if (p[i + 1] > m) m = p[i + 1]; });
    // Counts are whole: an even top keeps both gridlines on integers ("2" and "1", not "1" and "1").
    if (axis === "left" && options.unit === "count") return Math.max(2, Math.ceil(m * 1.05 / 2) * 2);
    return m > 0 ? m * 1.05 : 1;
  };
  const maxL = maxOf("left"), maxR = maxOf("right");
  const y = (v, axis) => T + (1 - v / (axis === "right" ? maxR : maxL)) * (H - T - B);
  el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "dchart-axis" }, svg);
  for (const f of [0.5, 1]) {
    const v = maxL * f;
    el("line", { x1: L, y1: y(v, "left"), x2: W - R, y2: y(v, "left"), class: "dchart-grid" }, svg);
    el("text", { x: L - 4, y: y(v, "left") + 4, "text-anchor": "end", class: "dchart-label" }, svg).textContent = fmt(v, options.unit);
  }
  if (options.series.some(ser => ser.axis === "right"))
    el("text", { x: W - R + 4, y: T + 10, class: "dchart-label" }, svg).textContent = fmt(maxR, "count");
  const mins = Math.round(options.windowMs / 60000);
  el("text", { x: L, y: H - 4, class: "dchart-label" }, svg).textContent = mins >= 60 ? `-${mins / 60} h` : `-${mins} min`;
  el("text", { x: W - R, y: H - 4, "text-anchor": "end", class: "dchart-label" }, svg).textContent = "now";
  if (s.limit && !limitDrawn)
    el("text", { x: W - R - 4, y: T + 10, "text-anchor": "end", class: "dchart-label dchart-limit-label" }, svg)
      .textContent = "limit " + fmt(s.limit, options.unit) + " (above the scale)";
  if (limitDrawn) {
    el("line", { x1: L, y1: y(s.limit, "left"), x2: W - R, y2: y(s.limit, "left"), class: "dchart-limit" }, svg);
    el("text", { x: W - R - 4, y: y(s.limit, "left") - 3, "text-anchor": "end", class: "dchart-label dchart-limit-label" }, svg)
      .textContent = "limit " + fmt(s.limit, options.unit);
  }
  options.series.forEach((ser, i) => {
    const axis = ser.axis || "left";
    const d = s.points.map((p, k) => (k ? "L" : "M") + x(p[0]).toFixed(1) + " " + y(p[i + 1] || 0, axis).toFixed(1)).join("");
    if (d) el("path", { d, fill: "none", stroke: ser.color, "stroke-width": axis === "right" ? 1 : 1.6, class: "dchart-line",
      "vector-effect": "non-scaling-stroke" }, svg);
  });
  // A container that stopped before its first sample, or a range older than its history, has nothing to draw:
  // say so instead of leaving an empty frame that looks like a broken chart.
  if (!s.points.some(p => p[0] >= t0))
    el("text", { x: (L + W - R) / 2, y: (T + H - B) / 2, "text-anchor": "middle", class: "dchart-label dchart-empty",
      "data-testid": "chart-no-data" }, svg).textContent = "No samples in this range";
  for (const [t, label] of s.markers) {
    el("line", { x1: x(t), y1: T, x2: x(t), y2: H - B, class: "dchart-marker" }, svg);
    el("title", {}, el("circle", { cx: x(t), cy: T + 4, r: 4, class: "dchart-marker-dot" }, svg)).textContent = label;
  }
}
