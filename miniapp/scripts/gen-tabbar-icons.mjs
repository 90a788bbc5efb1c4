#!/usr/bin/env node
// Draws the tab bar icons (81x81 RGBA PNG, normal + selected colour) with no dependency but zlib.
// Run: node scripts/gen-tabbar-icons.mjs  → src/assets/tabbar/*.png (the PNGs are committed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

const SIZE = 81;
const SAMPLES = 4; // 4x4 supersampling for smooth edges
const STROKE = 3.6; // half of the line width
const COLORS = { normal: [0x7a, 0x83, 0x91], active: [0x1f, 0x5f, 0xbf] };

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const onSegments = (segments) => (x, y) =>
  segments.some(([ax, ay, bx, by]) => distToSegment(x, y, ax, ay, bx, by) <= STROKE);
const inRect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
function onRoundRect(x0, y0, x1, y1, r) {
  return (x, y) => {
    const cx = Math.max(x0 + r, Math.min(x1 - r, x));
    const cy = Math.max(y0 + r, Math.min(y1 - r, y));
    const d = Math.hypot(x - cx, y - cy);
    return Math.abs(d - r) <= STROKE;
  };
}
const onCircle = (cx, cy, r) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= STROKE;
function onUpperEllipse(cx, cy, rx, ry) {
  return (x, y) => {
    if (y > cy) return false;
    const k = Math.hypot((x - cx) / rx, (y - cy) / ry);
    return Math.abs(k - 1) * Math.min(rx, ry) <= STROKE;
  };
}
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));

const ICONS = {
  // 首页: a house with a door
  home: union(
    onSegments([
      [11, 40, 40.5, 13],
      [40.5, 13, 70, 40],
      [20, 36, 20, 68],
      [61, 36, 61, 68],
      [20, 68, 61, 68],
    ]),
    inRect(34, 48, 47, 68),
  ),
  // 办事: a guide sheet with lines
  catalog: union(
    onRoundRect(17, 10, 64, 71, 7),
    onSegments([
      [28, 28, 53, 28],
      [28, 40.5, 53, 40.5],
      [28, 53, 44, 53],
    ]),
  ),
  // 我的: a person
  mine: union(onCircle(40.5, 27, 12.5), onUpperEllipse(40.5, 71, 25, 22), onSegments([[15.5, 71, 65.5, 71]])),
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function draw(shape, [r, g, b]) {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits++;
        }
      }
      const i = (y * SIZE + x) * 4;
      rgba[i] = r;
      rgba[i + 1] = g;
      rgba[i + 2] = b;
      rgba[i + 3] = Math.round((hits / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return encodePng(rgba);
}

const outDir = path.resolve(__dirname, '..', 'src', 'assets', 'tabbar');
fs.mkdirSync(outDir, { recursive: true });
for (const [name, shape] of Object.entries(ICONS)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), draw(shape, COLORS.normal));
  fs.writeFileSync(path.join(outDir, `${name}-active.png`), draw(shape, COLORS.active));
}
console.log(`tab bar icons written to ${path.relative(process.cwd(), outDir)}`);
