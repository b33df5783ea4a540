"""Domain errors raised by the index package."""


class IndexError_(Exception):
    """Base class for index errors (named so it does not shadow the builtin)."""


class CorpusError(IndexError_):
    """The corpus folder or one of its files cannot be read as documented."""


class StoreUnavailableError(IndexError_):
    """The vector store (local folder or chroma server) cannot be reached or opened."""


class UnsafeStoreError(IndexError_):
    """The store folder is not ours to write in (a file, or a folder we did not create)."""


class StoreWriteError(IndexError_):
    """The store cannot be written: read-only, disk full, or no permission."""


class CorruptIndexError(IndexError_):
    """A generation's files do not match its manifest (edited, truncated or half-written)."""
