"""The bundled Noto fonts without their TrueType hinting: the glyphs'
instructions and the hinting tables removed, every other table as it is."""
import sys
from pathlib import Path
from fontTools.ttLib import TTFont

fonts = Path(sys.argv[1])
for name in sys.argv[2:]:
    path = fonts / f"{name}.ttf"
    font = TTFont(path)
    before = path.stat().st_size
    glyf = font["glyf"]
    for glyph_name in font.getGlyphOrder():
        glyph = glyf[glyph_name]
        glyph.expand(glyf)
        glyph.removeHinting()
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "DSIG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    # no instruction may change an advance width any more
    font["head"].flags &= ~(1 << 4)
    font.save(path)
    print(path, before, "->", path.stat().st_size)
