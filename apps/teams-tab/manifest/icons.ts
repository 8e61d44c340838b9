// Draws the app's icons with pngjs: the 192×192 colour icon, the 32×32 outline (white on transparent) and the favicon.
// Run `pnpm --filter @perfloop/teams-tab icons` after changing the drawing; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** Perfloop blue (accentColor in the manifest). */
export const ACCENT = '#3B5BDB';

type Shape = (x: number, y: number) => boolean;

/** The loop: a ring open at the top right, ending in an arrowhead (plan → … → improve → plan). Unit square coordinates. */
function loop(thickness: number): Shape {
  const cx = 0.5;
  const cy = 0.5;
  const r = 0.3;
  return (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    const d = Math.hypot(dx, dy);
    const angle = Math.atan2(-dy, dx); // 0 = right, counter-clockwise positive
    const inRing = Math.abs(d - r) <= thickness / 2 && !(angle > 0.15 && angle < 1.05);
    // Arrowhead at the ring's end near angle 1.05, pointing clockwise (down-right).
    const ax = cx + r * Math.cos(1.05);
    const ay = cy - r * Math.sin(1.05);
    const tip = { x: ax + 0.16, y: ay + 0.02 };
    const base1 = { x: ax - 0.02, y: ay - 0.13 };
    const base2 = { x: ax - 0.02, y: ay + 0.13 };
    const inArrow = inTriangle({ x, y }, tip, base1, base2);
    // A dot in the centre: the person the loop is about.
    const inDot = d <= thickness * 0.75;
    return inRing || inArrow || inDot;
  };
}

function inTriangle(p: { x: number; y: number }, a: typeof p, b: typeof p, c: typeof p): boolean {
  const sign = (p1: typeof p, p2: typeof p, p3: typeof p) =>
    (p1.x - p3.x) * (p2.y - p3.y) - (p2.x - p3.x) * (p1.y - p3.y);
  const d1 = sign(p, a, b);
  const d2 = sign(p, b, c);
  const d3 = sign(p, c, a);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

function roundedSquare(radius: number): Shape {
  return (x, y) => {
    const qx = Math.max(radius - x, 0, x - (1 - radius));
    const qy = Math.max(radius - y, 0, y - (1 - radius));
    return Math.hypot(qx, qy) <= radius;
  };
}

const hex = (c: string) =>
  [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)) as [number, number, number];

/** Renders layers (shape + RGB, later on top) with 4×4 supersampling. */
function render(size: number, layers: readonly { shape: Shape; rgb: [number, number, number] }[]): PNG {
  const png = new PNG({ width: size, height: size });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          let top: [number, number, number] | null = null;
          for (const layer of layers) if (layer.shape(x, y)) top = layer.rgb;
          if (top) {
            r += top[0];
            g += top[1];
            b += top[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return png;
}

export function colorIcon(size = 192): Buffer {
  return PNG.sync.write(
    render(size, [
      { shape: roundedSquare(0.18), rgb: hex(ACCENT) },
      { shape: loop(0.09), rgb: [255, 255, 255] },
    ]),
  );
}

/** White on transparent only, as Teams requires for the outline icon. */
export function outlineIcon(size = 32): Buffer {
  return PNG.sync.write(render(size, [{ shape: loop(0.12), rgb: [255, 255, 255] }]));
}

const entry = process.argv[1];
if (entry && import.meta.url.endsWith(entry.split('/').pop() ?? '')) {
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
  writeFileSync(here('./color.png'), colorIcon(192));
  writeFileSync(here('./outline.png'), outlineIcon(32));
  writeFileSync(here('../public/favicon.png'), colorIcon(32));
  process.stdout.write('wrote manifest/color.png, manifest/outline.png, public/favicon.png\n');
}
