// Makes the figure test site in OUT_DIR: the content of tests/browser/figure-site/ plus the two
// raster pictures its article shows, drawn here (a camera-sized PNG of 2400 × 1600 and one of
// 1800 × 1200), so that no picture has to be committed or fetched. The browser tests build it
// (run.sh); for Lighthouse, `scripts/audit.sh --root OUT_DIR`.
//
//   node tests/browser/figure-site.mjs OUT_DIR
import { cpSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

/** CRC-32 of a PNG chunk's type and data (the table-driven version from the PNG specification). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * An RGB PNG `width` × `height` that looks a little like a photograph: a sky-to-water gradient with
 * ripples and a grain, so that its encoded size is realistic (a flat picture compresses to nothing).
 */
function picture(width, height, hue) {
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  let seed = 12345 + hue;
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    const t = y / height;
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const grain = (seed >>> 24) % 24;
      const ripple = t > 0.55 ? 30 * Math.sin(x / 9 + Math.sin(y / 5) * 3) : 0;
      const i = y * row + 1 + x * 3;
      raw[i] = Math.min(255, Math.max(0, 60 + hue + 150 * (1 - t) + ripple + grain));
      raw[i + 1] = Math.min(255, Math.max(0, 90 + 100 * (1 - t) + ripple / 2 + grain));
      raw[i + 2] = Math.min(255, Math.max(0, 120 + 110 * t + ripple + grain));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const out = process.argv[2];
if (!out) {
  console.error("usage: node figure-site.mjs OUT_DIR");
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
cpSync(join(here, "figure-site"), out, { recursive: true });
writeFileSync(join(out, "content/articles/harbour.png"), picture(2400, 1600, 40));
writeFileSync(join(out, "content/articles/office.png"), picture(1800, 1200, 0));
