"""The package's version and the libefn version it was written against.

Both are written here by hand. tests/python/test_header.py checks them
against EFN_VERSION_STRING and EFN_VERSION_NUMBER in include/efn/common.h,
and the build backend reads __version__ from this file.
"""

__version__ = "0.1.0"

#: efn_version_number() of the library this package binds:
#: MAJOR * 10000 + MINOR * 100 + PATCH.
EXPECTED = 100
