"""Opens each layer source given as an argument in QGIS (headless) the way
the desktop program does, default style included, and prints one line per
layer: valid, renderer type, classification attribute, number of
categories, colour of the first category (tab separated).

Run by tests/integration/formats.rs with Debian's /usr/bin/python3 and
python3-qgis."""

import os
import sys

from qgis.core import QgsApplication, QgsVectorLayer

app = QgsApplication([], False)
app.initQgis()
for source in sys.argv[1:]:
    layer = QgsVectorLayer(source, "layer", "ogr")
    renderer = layer.renderer()
    categories = renderer.categories() if hasattr(renderer, "categories") else []
    attribute = renderer.classAttribute() if hasattr(renderer, "classAttribute") else ""
    colour = categories[0].symbol().color().name() if categories else ""
    print("\t".join([
        str(layer.isValid()).lower(),
        renderer.type() if renderer else "none",
        attribute,
        str(len(categories)),
        colour,
    ]))
sys.stdout.flush()
# QGIS 3.22's Python bindings can crash while tearing the application down
# after the work is done; leave without the teardown.
os._exit(0)
