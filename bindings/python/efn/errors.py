"""The exceptions efn raises.

Every failing C call raises a subclass of :class:`Error` chosen by its status
code; ``message`` is the library's ``efn_last_error()`` text, which names the
file, the JSON path and the problem.
"""

__all__ = [
    "Error",
    "LibraryNotFound",
    "VersionMismatch",
    "InternalError",
    "OutOfMemory",
    "FileError",
    "IOError",
    "InvalidInput",
    "NotFound",
    "ArgumentError",
    "Infeasible",
    "Cancelled",
    "error_class",
]

# The status codes of include/efn/common.h, repeated here so that this
# module needs no library; tests/python/test_header.py checks them.
EFN_ERROR = -1
EFN_ENOMEM = -2
EFN_EIO = -3
EFN_EINVALID = -4
EFN_ENOTFOUND = -5
EFN_EARG = -6
EFN_EINFEASIBLE = -7
EFN_ECANCELLED = -8

_STATUS_NAMES = {
    0: "EFN_OK",
    EFN_ERROR: "EFN_ERROR",
    EFN_ENOMEM: "EFN_ENOMEM",
    EFN_EIO: "EFN_EIO",
    EFN_EINVALID: "EFN_EINVALID",
    EFN_ENOTFOUND: "EFN_ENOTFOUND",
    EFN_EARG: "EFN_EARG",
    EFN_EINFEASIBLE: "EFN_EINFEASIBLE",
    EFN_ECANCELLED: "EFN_ECANCELLED",
}


class Error(Exception):
    """Base class of every efn error.

    ``code`` is the C status code (a negative ``EFN_E*`` value), or None for
    errors raised before the library could be used (:class:`LibraryNotFound`,
    :class:`VersionMismatch`). ``message`` is the library's message.
    """

    #: The status code this class stands for; None for the base class.
    status = None

    def __init__(self, message, code=None):
        if code is None:
            code = self.status
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def status_name(self):
        """The code's constant name, "EFN_EINVALID"; None without a code."""
        return _STATUS_NAMES.get(self.code)

    def __str__(self):
        return self.message


class LibraryNotFound(Error):
    """libefn could not be found or loaded."""


class VersionMismatch(Error):
    """The loaded libefn is not the version this package was written for."""


class InternalError(Error):
    """EFN_ERROR: a dependency (igraph, GSL, GLPK) failed inside the library."""

    status = EFN_ERROR


class OutOfMemory(Error, MemoryError):
    """EFN_ENOMEM: an allocation failed."""

    status = EFN_ENOMEM


class FileError(Error, OSError):
    """EFN_EIO: a file could not be read or written."""

    status = EFN_EIO

    def __init__(self, message, code=None):
        Error.__init__(self, message, code)

    def __str__(self):
        return self.message


#: The name the brief of the C API gives EFN_EIO; the same class.
IOError = FileError  # noqa: A001 (shadows the builtin only inside efn)


class InvalidInput(Error, ValueError):
    """EFN_EINVALID: the input data is invalid (bad JSON, bad model)."""

    status = EFN_EINVALID


class NotFound(Error, LookupError):
    """EFN_ENOTFOUND: an id, index or key does not exist."""

    status = EFN_ENOTFOUND


class ArgumentError(Error, ValueError):
    """EFN_EARG: a bad argument (from the caller, or refused by the library)."""

    status = EFN_EARG


class Infeasible(Error):
    """EFN_EINFEASIBLE: an analysis has no solution."""

    status = EFN_EINFEASIBLE


class Cancelled(Error):
    """EFN_ECANCELLED: a progress callback asked the library to stop."""

    status = EFN_ECANCELLED


_BY_CODE = {
    cls.status: cls
    for cls in (InternalError, OutOfMemory, FileError, InvalidInput, NotFound,
                ArgumentError, Infeasible, Cancelled)
}


def error_class(code):
    """The exception class for a C status code (InternalError if unknown)."""
    return _BY_CODE.get(code, InternalError)
