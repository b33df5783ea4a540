"""Domain errors the adapters turn into clear messages."""


class CallbotError(Exception):
    """Base class: its message is safe and useful to show to a user."""


class QuestionError(CallbotError):
    """The question is empty, too long or has no words."""


class UnknownSourceError(CallbotError):
    """A --source / source option matches no article."""


class RefreshError(CallbotError):
    """The index could not be refreshed from the corpus; the previous one keeps serving."""
