"""Exceptions raised by eventmap; their messages are the CLI's one-line messages."""


class EventmapError(Exception):
    """Base class of every error eventmap raises."""


class InputError(EventmapError, ValueError):
    """A record or argument eventmap cannot use (missing ``id``, a date that is
    not ISO 8601, a duplicate id, a value of the wrong type...)."""


class GazetteerError(EventmapError):
    """A gazetteer directory or table that is unusable as a whole."""


class FileError(EventmapError, OSError):
    """Reading a file failed (a gazetteer directory that does not exist...)."""
