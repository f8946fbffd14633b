"""The real hyphen of Noto Serif and Noto Sans, alone in fonts of their own
("Carnet Hyphen Serif", "Carnet Hyphen Sans")."""
import sys
from pathlib import Path
from fontTools.ttLib import TTFont
from fontTools import subset

fonts = Path(sys.argv[1])
for family in ("Serif", "Sans"):
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        source = fonts / f"Noto{family}-{style}.ttf"
        font = TTFont(source)
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
        options.notdef_outline = False
        options.glyph_names = False
        s = subset.Subsetter(options)
        s.populate(unicodes=[0x2D])
        s.subset(font)
        name = f"Carnet Hyphen {family}"
        sub = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}[style]
        ps = f"CarnetHyphen{family}-{style}"
        table = font["name"]
        for rec in list(table.names):
            if rec.nameID in (1, 4, 6, 3, 16, 17):
                table.removeNames(nameID=rec.nameID)
        table.setName(name, 1, 3, 1, 0x409)
        table.setName(sub, 2, 3, 1, 0x409)
        table.setName(f"{name} {sub}".replace(" Regular", ""), 4, 3, 1, 0x409)
        table.setName(ps, 6, 3, 1, 0x409)
        table.setName(f"{ps}; from {source.name}", 3, 3, 1, 0x409)
        out = fonts / f"{ps}.ttf"
        font.save(out)
        print(out, out.stat().st_size)
