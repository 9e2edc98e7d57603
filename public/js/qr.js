// A QR code (ISO/IEC 18004), drawn in the browser: nothing leaves the page, no CDN. Byte mode at error correction
// level M (15 % of the code may be lost), the smallest version that holds the text, the mask with the lowest penalty.
// Enough for an authenticator app's otpauth:// address, which carries a secret and so must never go to a service.

// Per version (index 1..40), level M: error correction codewords per block, and blocks.
const ECC = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28,
  29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
const LEVEL_M = 0; // the two format bits of level M

/** Modules that carry data and error correction in version `v` (all but the function patterns). */
function rawModules(v) {
  let n = (16 * v + 128) * v + 64;
  if (v >= 2) {
    const align = Math.floor(v / 7) + 2;
    n -= (25 * align - 10) * align - 55;
    if (v >= 7) n -= 36;
  }
  return n;
}

const dataCodewords = (v) => Math.floor(rawModules(v) / 8) - ECC[v] * BLOCKS[v];

// GF(256) over x^8 + x^4 + x^3 + x^2 + 1, for Reed-Solomon.
function mul(a, b) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((b >>> i) & 1) * a;
  }
  return z;
}

function divisor(degree) {
  const d = new Array(degree).fill(0);
  d[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      d[j] = mul(d[j], root);
      if (j + 1 < degree) d[j] ^= d[j + 1];
    }
    root = mul(root, 2);
  }
  return d;
}

function remainder(data, div) {
  const r = new Array(div.length).fill(0);
  for (const b of data) {
    const f = b ^ r.shift();
    r.push(0);
    div.forEach((c, i) => { r[i] ^= mul(c, f); });
  }
  return r;
}

/** The `n` Reed-Solomon error correction codewords of `data` (exported for its test). */
export const errorCorrection = (data, n) => remainder(data, divisor(n));

/** The codewords of `bytes` in version `v`: data with padding, split into blocks, each with its error correction, interleaved. */
function codewords(bytes, v) {
  const bits = [];
  const put = (value, n) => { for (let i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1); };
  put(4, 4); // byte mode
  put(bytes.length, v < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const capacity = dataCodewords(v) * 8;
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));

  const blocks = BLOCKS[v];
  const ecc = ECC[v];
  const raw = Math.floor(rawModules(v) / 8);
  const short = blocks - (raw % blocks);
  const shortLen = Math.floor(raw / blocks);
  const div = divisor(ecc);
  const parts = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const n = shortLen - ecc + (i < short ? 0 : 1);
    const d = data.slice(k, k + n);
    k += n;
    parts.push({ d, e: remainder(d, div) });
  }
  const out = [];
  for (let i = 0; i <= shortLen - ecc; i++) for (const p of parts) if (i < p.d.length) out.push(p.d[i]);
  for (let i = 0; i < ecc; i++) for (const p of parts) out.push(p.e[i]);
  return out;
}

function alignments(v) {
  if (v === 1) return [];
  const n = Math.floor(v / 7) + 2;
  const step = v === 32 ? 26 : Math.ceil((v * 4 + 4) / (n * 2 - 2)) * 2;
  const at = [6];
  for (let pos = v * 4 + 10; at.length < n; pos -= step) at.splice(1, 0, pos);
  return at;
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/**
 * The QR code of `text`: `{ size, dark(x, y), mask, version }`. Throws a RangeError when the text does not fit
 * (more than 2,331 bytes).
 */
export function qrCode(text) {
  const bytes = new TextEncoder().encode(text);
  let v = 1;
  while (v <= 40 && 4 + (v < 10 ? 8 : 16) + bytes.length * 8 > dataCodewords(v) * 8) v++;
  if (v > 40) throw new RangeError('too long for a QR code');
  const size = v * 4 + 17;
  const cell = new Uint8Array(size * size); // bit 0: dark; bit 1: a function pattern (never masked)
  const set = (x, y, dark) => { cell[y * size + x] = (dark ? 1 : 0) | 2; };

  for (let i = 0; i < size; i++) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
  const finder = (cx, cy) => {
    for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) {
      const x = cx + dx; const y = cy + dy;
      const d = Math.max(Math.abs(dx), Math.abs(dy));
      if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
    }
  };
  finder(3, 3); finder(size - 4, 3); finder(3, size - 4);
  const at = alignments(v);
  at.forEach((ax, i) => at.forEach((ay, j) => {
    const corner = (i === 0 && j === 0) || (i === 0 && j === at.length - 1) || (i === at.length - 1 && j === 0);
    if (corner) return;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }));
  const format = (mask) => {
    const d = (LEVEL_M << 3) | mask;
    let r = d;
    for (let i = 0; i < 10; i++) r = (r << 1) ^ ((r >>> 9) * 0x537);
    const b = ((d << 10) | r) ^ 0x5412;
    const bit = (i) => ((b >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) set(8, i, bit(i));
    set(8, 7, bit(6)); set(8, 8, bit(7)); set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
    set(8, size - 8, true);
  };
  format(0); // reserves the format areas before the data goes in
  if (v >= 7) {
    let r = v;
    for (let i = 0; i < 12; i++) r = (r << 1) ^ ((r >>> 11) * 0x1f25);
    const b = (v << 12) | r;
    for (let i = 0; i < 18; i++) {
      const dark = ((b >>> i) & 1) === 1;
      const a = size - 11 + (i % 3); const c = Math.floor(i / 3);
      set(a, c, dark); set(c, a, dark);
    }
  }

  const words = codewords(bytes, v);
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const up = ((right + 1) & 2) === 0;
    for (let vert = 0; vert < size; vert++) for (let j = 0; j < 2; j++) {
      const x = right - j; const y = up ? size - 1 - vert : vert;
      if (cell[y * size + x] & 2) continue;
      if (i < words.length * 8) cell[y * size + x] = (words[i >>> 3] >>> (7 - (i & 7))) & 1;
      i++;
    }
  }

  let best = null;
  for (let mask = 0; mask < 8; mask++) {
    format(mask);
    const grid = cell.map((c, k) => (c & 1) ^ (!(c & 2) && MASKS[mask](k % size, Math.floor(k / size)) ? 1 : 0));
    const score = penalty(grid, size);
    if (!best || score < best.score) best = { score, grid, mask };
  }
  const { grid, mask } = best;
  return { size, version: v, mask, dark: (x, y) => grid[y * size + x] === 1 };
}

/** The standard's penalty of a masked symbol (lower reads better): long runs, 2x2 blocks, finder look-alikes, balance. */
function penalty(g, size) {
  let score = 0;
  const at = (x, y) => g[y * size + x];
  const lines = [];
  for (let a = 0; a < size; a++) {
    lines.push(Array.from({ length: size }, (_, b) => at(b, a)));
    lines.push(Array.from({ length: size }, (_, b) => at(a, b)));
  }
  const look = [1, 0, 1, 1, 1, 0, 1];
  for (const line of lines) {
    let run = 1;
    for (let k = 1; k <= size; k++) {
      if (k < size && line[k] === line[k - 1]) { run++; continue; }
      if (run >= 5) score += run - 2;
      run = 1;
    }
    // 1:1:3:1:1 with four light modules on one side (outside the symbol counts as light).
    const m = (k) => (k < 0 || k >= size ? 0 : line[k]);
    for (let k = -4; k < size; k++) {
      if (!look.every((c, n) => m(k + n) === c)) continue;
      const before = [1, 2, 3, 4].every((n) => m(k - n) === 0);
      const after = [7, 8, 9, 10].every((n) => m(k + n) === 0);
      if (before || after) score += 40;
    }
  }
  for (let y = 0; y + 1 < size; y++) for (let x = 0; x + 1 < size; x++) {
    const c = at(x, y);
    if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
  }
  const dark = g.reduce((a, b) => a + b, 0);
  const total = size * size;
  score += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return score;
}

/** The code as an SVG image with its quiet zone, dark on white whatever the theme, named `label` for screen readers. */
export function qrSvg(text, label) {
  const q = qrCode(text);
  const ns = 'http://www.w3.org/2000/svg';
  const side = q.size + 8;
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('shape-rendering', 'crispEdges');
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', side); bg.setAttribute('height', side); bg.setAttribute('fill', '#fff');
  let d = '';
  for (let y = 0; y < q.size; y++) for (let x = 0; x < q.size; x++) if (q.dark(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d); path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}
