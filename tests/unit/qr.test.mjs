// The QR code drawn at two-factor enrolment (public/js/qr.js): its error correction against the standard's worked
// example, the version it picks at each capacity's edge, its format information read back, and its data read back
// module by module into the text it was given.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { qrCode, errorCorrection } from "../../public/js/qr.js";

test("Reed-Solomon: the worked example's codewords (1-M, HELLO WORLD) give its ten error correction codewords", () => {
  const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
  assert.deepEqual(errorCorrection(data, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
});

test("the smallest version that holds the text, in byte mode at level M", () => {
  for (const [bytes, version] of [[1, 1], [14, 1], [15, 2], [26, 2], [27, 3], [213, 10], [214, 11], [2331, 40]]) {
    const q = qrCode("x".repeat(bytes));
    assert.equal(q.version, version, `${bytes} bytes`);
    assert.equal(q.size, version * 4 + 17);
  }
  // Bytes, not characters: 14 letters é are 28 bytes.
  assert.equal(qrCode("é".repeat(14)).version, 3);
  assert.throws(() => qrCode("x".repeat(2332)), RangeError);
});

/** The 15 format bits around the top-left finder, and their copy split between the other two. */
function formatBits(q) {
  const n = q.size;
  const d = (x, y) => (q.dark(x, y) ? 1 : 0);
  let a = 0;
  let b = 0;
  const first = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  first.forEach(([x, y], i) => { a |= d(x, y) << i; });
  for (let i = 0; i < 8; i++) b |= d(n - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) b |= d(8, n - 15 + i) << i;
  return [a, b];
}

test("finders, timing, the dark module and the format information (level M, the chosen mask, a valid BCH code)", () => {
  for (const text of ["a", "x".repeat(100), "y".repeat(400)]) {
    const q = qrCode(text);
    const n = q.size;
    for (const [cx, cy] of [[3, 3], [n - 4, 3], [3, n - 4]]) {
      for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) {
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        assert.equal(q.dark(cx + dx, cy + dy), ring !== 2, `finder at ${cx},${cy}`);
      }
    }
    for (let i = 8; i < n - 8; i++) {
      assert.equal(q.dark(i, 6), i % 2 === 0);
      assert.equal(q.dark(6, i), i % 2 === 0);
    }
    assert.ok(q.dark(8, n - 8));
    const [a, b] = formatBits(q);
    assert.equal(a, b, "both copies of the format information agree");
    const f = a ^ 0x5412;
    assert.equal(f >>> 13, 0, "level M");
    assert.equal((f >>> 10) & 7, q.mask);
    let r = f;
    for (let i = 14; i >= 10; i--) if ((r >>> i) & 1) r ^= 0x537 << (i - 10);
    assert.equal(r, 0, "the BCH remainder");
  }
});

const MASKS = [
  (x, y) => (x + y) % 2 === 0, (x, y) => y % 2 === 0, (x) => x % 3 === 0, (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0, (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0, (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

/** A reader for versions 2 and 3 (one block, one alignment pattern): the codewords in the order they were placed. */
function read(q) {
  const n = q.size;
  const fixed = (x, y) => (x < 9 && y < 9) || (x >= n - 8 && y < 9) || (x < 9 && y >= n - 8) || x === 6 || y === 6
    || (Math.abs(x - (n - 7)) <= 2 && Math.abs(y - (n - 7)) <= 2);
  const bits = [];
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const up = ((right + 1) & 2) === 0;
    for (let v = 0; v < n; v++) for (let j = 0; j < 2; j++) {
      const x = right - j;
      const y = up ? n - 1 - v : v;
      if (!fixed(x, y)) bits.push((q.dark(x, y) ? 1 : 0) ^ (MASKS[q.mask](x, y) ? 1 : 0));
    }
  }
  const words = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) words.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  return words;
}

test("the data read back module by module is the text, padded as the standard says, with its error correction", () => {
  // Version 2 at M: 28 data and 16 error correction codewords; version 3: 44 and 26.
  for (const [text, version] of [["otpauth://x?s=AB", 2], ["Tandem: ana@example.org,", 2], ["Tandem: ana@example.org, é", 3], ["k".repeat(42), 3]]) {
    const q = qrCode(text);
    assert.equal(q.version, version);
    const [dataLen, ecc] = version === 2 ? [28, 16] : [44, 26];
    const words = read(q);
    const data = words.slice(0, dataLen);
    const bytes = new TextEncoder().encode(text);
    // Mode 0100 (bytes), an 8-bit count, the bytes, a 0000 terminator, then 0xEC 0x11 alternating.
    const bits = data.flatMap((w) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (w >>> i) & 1));
    const num = (from, len) => bits.slice(from, from + len).reduce((a, b) => (a << 1) | b, 0);
    assert.equal(num(0, 4), 4);
    assert.equal(num(4, 8), bytes.length);
    const back = Uint8Array.from({ length: bytes.length }, (_, i) => num(12 + i * 8, 8));
    assert.equal(new TextDecoder().decode(back), text);
    const end = 12 + bytes.length * 8;
    assert.equal(num(end, 4), 0);
    const pads = data.slice(Math.ceil((end + 4) / 8));
    pads.forEach((p, i) => assert.equal(p, i % 2 === 0 ? 0xec : 0x11));
    assert.deepEqual(words.slice(dataLen, dataLen + ecc), errorCorrection(data, ecc));
  }
});

test("an authenticator's address draws the code a QR reader read back as that address (zxing-cpp, when written)", () => {
  const uri = "otpauth://totp/Tandem:ana@example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tandem&algorithm=SHA1&digits=6&period=30";
  const q = qrCode(uri);
  let rows = "";
  for (let y = 0; y < q.size; y++) {
    for (let x = 0; x < q.size; x++) rows += q.dark(x, y) ? "1" : "0";
    rows += "\n";
  }
  assert.deepEqual([q.version, q.mask], [8, 6]);
  assert.equal(createHash("sha256").update(rows).digest("hex"), "f62ddbcdc014f0f7b6c17a19176ab692a0ce785aba1f9ac1795843951aae2b40");
});
