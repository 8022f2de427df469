#!/bin/sh
# The chart pictures of the DOCX work report (encoded by fgdj with zlib, not by cairo's PNG
# writer): each word/media/chartK.png is a whole, valid PNG — signature, chunk CRCs, 8-bit RGB,
# every row's filter undone by an independent decoder (python3's zlib and struct) — of the size
# its picture has in word/document.xml at 3 pixels per point, white where nothing is drawn and
# with the bars drawn in colour.
. "$(dirname "$0")/../lib.sh"

import_district d.db
"$FGDJ" init --name 临江区 --db d.db >/dev/null
run 0 "$FGDJ" report work --db d.db --format docx -o r.docx
unzip -p r.docx word/document.xml >doc.xml || fail "no word/document.xml"
n=0
for k in 1 2 3 4 5 6 7 8 9; do
	unzip -p r.docx "word/media/chart$k.png" >"c$k.png" 2>/dev/null || break
	[ -s "c$k.png" ] || break
	n=$k
done
[ "$n" -ge 1 ] && ok || fail "the DOCX has no chart picture"

cat >check.py <<'PY'
import re, struct, sys, zlib

def decode(data):
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('bad signature')
    pos, kinds, idat, ihdr = 8, [], b'', None
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        crc, = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xffffffff != crc:
            raise ValueError('bad CRC in ' + kind.decode())
        kinds.append(kind)
        if kind == b'IHDR':
            ihdr = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    if pos != len(data) or kinds[0] != b'IHDR' or kinds[-1] != b'IEND':
        raise ValueError('bad chunk sequence %r' % kinds)
    w, h, depth, ctype, comp, filt, inter = ihdr
    if (depth, ctype, comp, filt, inter) != (8, 2, 0, 0, 0):
        raise ValueError('not 8-bit RGB: %r' % (ihdr,))
    raw, rl = zlib.decompress(idat), 3 * w
    if len(raw) != h * (rl + 1):
        raise ValueError('%d bytes of rows, wanted %d' % (len(raw), h * (rl + 1)))
    rows, prev = [], bytearray(rl)
    for y in range(h):
        f, line = raw[y * (rl + 1)], bytearray(raw[y * (rl + 1) + 1:(y + 1) * (rl + 1)])
        if f > 4:
            raise ValueError('row %d: filter %d' % (y, f))
        for i in range(rl):
            a = line[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, rows

doc = open('doc.xml', encoding='utf-8').read()
ext = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', doc)
n = int(sys.argv[1])
if len(ext) != n:
    print('%d pictures in document.xml, %d PNG parts' % (len(ext), n))
    sys.exit(1)
bad = 0
for k in range(1, n + 1):
    try:
        w, h, rows = decode(open('c%d.png' % k, 'rb').read())
    except Exception as ex:
        print('chart%d.png: %s' % (k, ex))
        bad += 1
        continue
    cx, cy = (int(v) / 12700 * 3 for v in ext[k - 1])
    if w != round(cx) or abs(h - cy) > 1:
        print('chart%d.png is %dx%d, its picture %.1fx%.1f px' % (k, w, h, cx, cy))
        bad += 1
    if rows[0][:3] != b'\xff\xff\xff' or rows[-1][-3:] != b'\xff\xff\xff':
        print('chart%d.png: corners not white' % k)
        bad += 1
    coloured = sum(1 for r in rows for i in range(0, len(r), 3) if not (r[i] == r[i + 1] == r[i + 2]))
    if coloured < w:  # at least a row's worth of bar
        print('chart%d.png: %d coloured pixels, no bars' % (k, coloured))
        bad += 1
sys.exit(1 if bad else 0)
PY
if python3 check.py "$n"; then ok; else fail "a chart picture is not the PNG it should be"; fi

# The checker catches a damaged picture: one byte of the image data changed breaks its CRC.
python3 - <<'PY'
d = bytearray(open('c1.png', 'rb').read())
d[len(d) // 2] ^= 0x55
open('c1.png', 'wb').write(d)
PY
if python3 check.py "$n" >/dev/null; then fail "a damaged chart picture passed the check"; else ok; fi
finish
