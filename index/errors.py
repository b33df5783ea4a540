"""Domain errors raised by the index package."""


class IndexError_(Exception):
    """Base class for index errors (named so it does not shadow the builtin)."""


class CorpusError(IndexError_):
    """The corpus folder or one of its files cannot be read as documented."""


class StoreUnavailableError(IndexError_):
    """The vector store (local folder or chroma server) cannot be reached or opened."""
