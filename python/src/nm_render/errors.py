"""The one error type the writer raises for data that does not fit the run format."""


class RunFormatError(ValueError):
    """Data that cannot be written as an nm-render run: the message says which block, epoch,
    index or argument is wrong and what was expected."""
