#!/usr/bin/env bash
# Renders the app icon, assets/leaklab.svg, into what the installers and the window need:
#   assets/leaklab-256.png (+ the window icon in src/main/resources), assets/leaklab-512.png (Linux),
#   assets/leaklab.ico (Windows: 16 to 256 px), assets/leaklab.icns (macOS: 16 to 1024 px).
# The renderings are committed; run this only after changing the SVG. Needs ImageMagick and python3.
set -euo pipefail
here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
svg=$here/assets/leaklab.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 32 48 64 128 256 512 1024; do
  convert -background none -density 1200 "$svg" -resize "${size}x${size}" -strip "PNG32:$work/$size.png"
done
cp "$work/256.png" "$here/assets/leaklab-256.png"
cp "$work/512.png" "$here/assets/leaklab-512.png"
cp "$work/256.png" "$here/src/main/resources/dev/leaklab/app/leaklab-256.png"
convert "$work/16.png" "$work/32.png" "$work/48.png" "$work/64.png" "$work/128.png" "$work/256.png" \
  "$here/assets/leaklab.ico"
# ICNS: the 'icns' header, then one PNG per entry (OSType, length including its 8-byte header, data)
python3 - "$work" "$here/assets/leaklab.icns" <<'PY'
import struct, sys
work, out = sys.argv[1], sys.argv[2]
entries = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
           (b"ic10", 1024)]
body = b""
for kind, size in entries:
    data = open(f"{work}/{size}.png", "rb").read()
    body += kind + struct.pack(">I", len(data) + 8) + data
with open(out, "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
ls -l "$here"/assets/leaklab*
