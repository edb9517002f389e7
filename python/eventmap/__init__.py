"""eventmap: maps news reports about North Korea.

Finds every place mention in a text, resolves it against a gazetteer (the
bundled one by default), classifies incidents (deaths, arrests, smuggling...)
and border infrastructure (fences, cameras...) and returns GeoJSON features
whose properties are those of the ``eventmap`` command's layers, byte for
byte: the package runs the library's own pipeline.

>>> import eventmap
>>> geoparser = eventmap.Geoparser()
>>> [f["properties"]["name"] for f in geoparser.places("Arrests were reported in Hyesan.")]
['Hyesan']
"""

from __future__ import annotations

import gc
import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

from ._errors import EventmapError, FileError, GazetteerError, InputError
from ._eventmap import Geoparser as _NativeGeoparser

__all__ = [
    "Geoparser",
    "LAYERS",
    "to_geodataframe",
    "EventmapError",
    "InputError",
    "GazetteerError",
    "FileError",
]

#: The layers :meth:`Geoparser.extract` returns, in the CLI's order.
LAYERS = ("places", "incidents", "infrastructure")

Feature = Dict[str, Any]
FeatureCollection = Dict[str, Any]


def _features(sequence: bytes) -> List[Feature]:
    """Parses a GeoJSON text sequence (RFC 8142) into Feature dicts."""
    if not sequence:
        return []
    # Each record is RS + compact JSON + LF, and compact JSON holds no raw
    # LF, so LF RS only ever separates two features.
    text = b"[" + sequence[1:-1].replace(b"\n\x1e", b",") + b"]"
    # The parse makes millions of containers, none of them cyclic: the
    # cyclic garbage collector's passes over them would cost a third of it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if collecting:
            gc.enable()


def _collection(features: List[Feature]) -> FeatureCollection:
    """A FeatureCollection as the CLI writes it, with the bbox of its points."""
    collection: FeatureCollection = {"type": "FeatureCollection", "features": features}
    xs: List[float] = []
    ys: List[float] = []
    for feature in features:
        geometry = feature.get("geometry")
        if geometry is not None:
            x, y = geometry["coordinates"]
            xs.append(x)
            ys.append(y)
    if xs:
        collection["bbox"] = [min(xs), min(ys), max(xs), max(ys)]
    return collection


class Geoparser:
    """Finds, resolves and classifies place mentions with one gazetteer.

    ``gazetteer`` is a directory holding ``places.tsv`` and ``names.tsv``
    (as written by ``eventmap gazetteer update`` or ``gazetteer build``);
    ``None`` uses the gazetteer embedded in the package. A directory is
    loaded once per process however many Geoparsers use it.

    ``threads`` is the number of threads that map a batch (0: one per core),
    as the CLI's ``--threads``; the features never depend on it. Batch calls
    release the GIL. Build one Geoparser and reuse it: building loads the
    gazetteer's name automaton (about a second).

    Raises :class:`FileError` or :class:`GazetteerError` for an unusable
    directory.
    """

    def __init__(
        self,
        gazetteer: Optional[Union[str, "os.PathLike[str]"]] = None,
        *,
        threads: int = 0,
    ) -> None:
        if gazetteer is not None:
            gazetteer = os.fspath(gazetteer)
        self._native = _NativeGeoparser(gazetteer, threads)

    @property
    def gazetteer(self) -> str:
        """Where the gazetteer came from: ``embedded`` or its directory."""
        return str(self._native.gazetteer)

    def places(
        self,
        text: str,
        *,
        id: str = "",
        date: Optional[str] = None,
        title: Optional[str] = None,
        source: Optional[str] = None,
    ) -> List[Feature]:
        """Every place mention of ``text`` as a places-layer Feature dict.

        Unresolved mentions have a ``None`` geometry. ``id``, ``date``,
        ``title`` and ``source`` fill the document properties (``doc``,
        ``date``...); ``date`` is ISO 8601 (``YYYY-MM-DD``, optionally with a
        time) or a ``datetime.date``. Raises :class:`InputError` for a bad
        date.
        """
        record = _record(text, id, date, title, source)
        places, _, _ = self._native.map_records([record], False)
        return _features(places)

    def events(
        self,
        text: str,
        date: Optional[str] = None,
        *,
        id: str = "",
        title: Optional[str] = None,
        source: Optional[str] = None,
    ) -> List[Feature]:
        """The incidents and infrastructure found in ``text``, as Feature
        dicts of the two event layers (incidents first; their ``layer``
        property says which). ``date`` is the document's date (ISO 8601 or a
        ``datetime.date``). Raises :class:`InputError` for a bad date.
        """
        record = _record(text, id, date, title, source)
        _, incidents, infrastructure = self._native.map_records([record], True)
        return _features(incidents) + _features(infrastructure)

    def extract(self, records: Iterable[Mapping[str, Any]]) -> Dict[str, FeatureCollection]:
        """Maps every record and returns ``{"places": ..., "incidents": ...,
        "infrastructure": ...}``, three FeatureCollection dicts equal (as
        parsed JSON) to the layers ``eventmap extract`` writes for the same
        records as JSON Lines.

        Each record is a dict with the JSON Lines fields: ``id`` (string or
        integer, unique), ``text``, and optionally ``date``, ``title``,
        ``source`` (or ``url``); other keys are ignored. Dates may also be
        ``datetime.date``/``datetime`` or pandas ``Timestamp`` values, and
        NaN counts as missing. Records are mapped in the CLI's batches, in
        parallel, without the GIL.

        Raises :class:`InputError` for the first bad record, with the CLI's
        message after ``record N:`` (N counts from 1), and ``TypeError`` for a
        value that cannot be JSON.
        """
        layers = self.extract_geojsonseq(records)
        return {name: _collection(_features(layers[name])) for name in LAYERS}

    def extract_geojsonseq(self, records: Iterable[Mapping[str, Any]]) -> Dict[str, bytes]:
        """Like :meth:`extract`, but each layer is the bytes of the GeoJSON
        text sequence (RFC 8142) that ``eventmap extract --format
        geojsonseq`` writes: identical, byte for byte."""
        places, incidents, infrastructure = self._native.map_records(records, True)
        return {"places": places, "incidents": incidents, "infrastructure": infrastructure}


def _record(
    text: str,
    id: str,
    date: Optional[Any],
    title: Optional[str],
    source: Optional[str],
) -> Dict[str, Any]:
    # The library refuses a blank id; a lone text gets the id "-", as
    # standard input does in the CLI, unless one is given.
    return {"id": id or "-", "text": text, "date": date, "title": title, "source": source}


def to_geodataframe(features: Union[Iterable[Feature], FeatureCollection], crs: str = "EPSG:4326"):
    """A GeoPandas GeoDataFrame of Feature dicts (or of a FeatureCollection):
    one column per property, a ``geometry`` column of points (``None`` where
    the feature has no geometry), CRS WGS84.

    Needs GeoPandas (``pip install 'eventmap[geo]'``); raises ImportError
    without it.
    """
    try:
        import geopandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "eventmap.to_geodataframe needs GeoPandas: pip install 'eventmap[geo]'"
        ) from e
    if isinstance(features, Mapping) and features.get("type") == "FeatureCollection":
        features = features["features"]
    features = list(features)
    if not features:
        return geopandas.GeoDataFrame({"geometry": []}, geometry="geometry", crs=crs)
    # from_features takes the properties as columns and null geometries as None.
    return geopandas.GeoDataFrame.from_features(features, crs=crs)
