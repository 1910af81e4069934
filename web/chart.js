// The dashboard's last hour drawn by hand in SVG: requests per minute as bars, p95 latency as a line.
import {s, fmtMs} from './dom.js';

const H = 180, L = 34, R = 52, T = 10, B = 22;

/** The chart at the container's own width, so text keeps its size on a phone and on a wide screen. */
export function chart(points, width) {
  const W = Math.max(280, Math.round(width || 600));
  const n = points.length || 1;
  const maxReq = Math.max(1, ...points.map(p => p.requests));
  const lat = points.map(p => p.latency_p95_ms);
  const maxLat = Math.max(1, ...lat.filter(v => v != null));
  const x = i => L + (i + 0.5) * (W - L - R) / n;
  const bw = Math.max(1, (W - L - R) / n - 2);
  const yReq = v => H - B - v / maxReq * (H - T - B);
  const yLat = v => H - B - v / maxLat * (H - T - B);
  const total = points.reduce((a, p) => a + p.requests, 0);
  const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img',
    'aria-label': `${total} requests in the last hour; highest p95 latency ${fmtMs(maxLat)}`},
  s('title', {}, 'Requests per minute and p95 latency, last hour'),
  s('line', {x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis'}),
  points.map((p, i) => p.requests ? s('rect', {x: x(i) - bw / 2, y: yReq(p.requests), width: bw,
    height: H - B - yReq(p.requests), class: p.errors ? 'bar err' : 'bar'},
  s('title', {}, `${new Date(p.time).toLocaleTimeString()}: ${p.requests} requests, ${p.errors} errors, p95 ${fmtMs(p.latency_p95_ms)}`)) : null),
  s('polyline', {class: 'lat', points: lat.map((v, i) => v == null ? null : `${x(i)},${yLat(v)}`).filter(Boolean).join(' ')}),
  lat.map((v, i) => v == null ? null : s('circle', {cx: x(i), cy: yLat(v), r: 2.5, class: 'lat-dot'})),
  s('text', {x: L - 4, y: T + 8, class: 'tick', 'text-anchor': 'end'}, String(maxReq)),
  s('text', {x: L - 4, y: H - B, class: 'tick', 'text-anchor': 'end'}, '0'),
  s('text', {x: W - R + 4, y: T + 8, class: 'tick lat-label'}, fmtMs(maxLat)),
  points.length ? [0, Math.floor(n / 2), n - 1].map(i => s('text', {x: x(i), y: H - 6, class: 'tick', 'text-anchor': 'middle'},
    new Date(points[i].time).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'}))) : null);
  return svg;
}
