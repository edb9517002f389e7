from os import PathLike
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._errors import EventmapError as EventmapError
from ._errors import FileError as FileError
from ._errors import GazetteerError as GazetteerError
from ._errors import InputError as InputError

Feature = Dict[str, Any]
FeatureCollection = Dict[str, Any]

LAYERS: Tuple[str, str, str]

class Geoparser:
    def __init__(
        self, gazetteer: Optional[Union[str, PathLike[str]]] = None, *, threads: int = 0
    ) -> None: ...
    @property
    def gazetteer(self) -> str: ...
    def places(
        self,
        text: str,
        *,
        id: str = "",
        date: Optional[Any] = None,
        title: Optional[str] = None,
        source: Optional[str] = None,
    ) -> List[Feature]: ...
    def events(
        self,
        text: str,
        date: Optional[Any] = None,
        *,
        id: str = "",
        title: Optional[str] = None,
        source: Optional[str] = None,
    ) -> List[Feature]: ...
    def extract(self, records: Iterable[Mapping[str, Any]]) -> Dict[str, FeatureCollection]: ...
    def extract_geojsonseq(self, records: Iterable[Mapping[str, Any]]) -> Dict[str, bytes]: ...

def to_geodataframe(
    features: Union[Iterable[Feature], FeatureCollection], crs: str = "EPSG:4326"
) -> Any: ...
