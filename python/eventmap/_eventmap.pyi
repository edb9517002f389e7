"""Type stubs of the native module (PyO3). Use the ``eventmap`` package; this
module is its implementation."""

from os import PathLike
from typing import Any, Iterable, Mapping, Optional, Tuple, Union

BATCH_DOCUMENTS: int
VERSION: str

class Geoparser:
    def __new__(
        cls, gazetteer: Optional[Union[str, PathLike[str]]] = None, threads: int = 0
    ) -> "Geoparser": ...
    @property
    def gazetteer(self) -> str: ...
    def map_records(
        self, records: Iterable[Mapping[str, Any]], with_events: bool = True
    ) -> Tuple[bytes, bytes, bytes]:
        """The places, incidents and infrastructure layers of ``records`` as
        GeoJSON text sequences (RFC 8142), byte for byte what ``eventmap
        extract --format geojsonseq`` writes; the event layers are empty
        unless ``with_events``."""
        ...
