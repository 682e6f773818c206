#!/usr/bin/env python3
"""Makes assets/fonts/NotoSansSC-subset.otf, the app's Chinese fallback font.

Source: Noto Sans CJK SC Regular (SIL Open Font Licence 1.1, see OFL.txt), face 2 of
NotoSansCJK-Regular.ttc in Debian's fonts-noto-cjk package:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
    /tmp/ft/bin/python assets/fonts/make_cjk_subset.py \
        x/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Kept: every character of GB 2312 (the 6,763 hanzi of simplified Chinese plus its symbols),
CJK punctuation, full-width forms, and every character of the Chinese message files
(assets/i18n/zh-CN/*.ftl) and of README.zh-CN.md, so the interface never meets a missing
glyph. Latin stays with egui's own fonts: this one is only their fallback, and its vertical
metrics are set to those of egui's Latin font so Chinese rows are as tall as Latin ones.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "NotoSansSC-subset.otf"
SC_FACE = 2  # Noto Sans CJK SC in the collection


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def main(source):
    chars = gb2312()
    chars.update(map(chr, range(0x3000, 0x3040)))  # CJK symbols and punctuation
    chars.update(map(chr, range(0xFF00, 0xFFF0)))  # full-width forms
    texts = list((ROOT / "assets" / "i18n" / "zh-CN").glob("*.ftl"))
    texts += [p for p in [ROOT / "README.zh-CN.md"] if p.exists()]
    for path in texts:
        chars.update(c for c in path.read_text(encoding="utf-8") if ord(c) > 0x2E7F)
    font = TTCollection(source).fonts[SC_FACE]
    options = subset.Options()
    options.layout_features = []  # egui does no shaping: no GSUB/GPOS needed
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    # egui makes a row as tall as the tallest font in it: with Noto's own metrics (1.45 em)
    # every Chinese label would be a quarter taller than a Latin one and overflow rows laid
    # out for Latin text. Use the vertical metrics of egui's Latin font (Ubuntu Light, also
    # 1000 units per em); the ideographs (880 up, 120 down) fit inside them.
    hhea, os2 = font["hhea"], font["OS/2"]
    hhea.ascent, hhea.descent, hhea.lineGap = 932, -189, 28
    os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = 932, -189, 28
    os2.usWinAscent, os2.usWinDescent = 932, 189
    font.save(OUT)
    print(f"{OUT.name}: {len(chars)} characters, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
