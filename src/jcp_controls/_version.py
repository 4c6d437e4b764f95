"""The version of jcp-controls (its own module, so submodules need not import the package)."""

__version__ = "0.1.0"
