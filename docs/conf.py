"""Sphinx configuration for the jcp-controls documentation.

Build with ``.venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE / "examples"))  # the example plugins, for ``.. jcp-catalogue::``

import jcp_controls  # noqa: E402 - after the path set-up above

project = "jcp-controls"
author = "jcp-controls contributors"
copyright = "jcp-controls contributors"
release = jcp_controls.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "jcp_docs",
]

exclude_patterns = ["_build", "examples/README*"]
templates_path: list[str] = []
root_doc = "index"
# Messages, citations and examples are shown exactly as the library writes them: no curly
# quotes or dashes substituted for ' " -- (an example finding quotes 'lms_manager').
smartquotes = False

# -- autodoc / napoleon -------------------------------------------------------------------------
autodoc_default_options = {"members": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_preserve_defaults = False
autoclass_content = "class"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# ``Attributes:`` sections become ``:ivar:`` fields of the class, so an attribute that autodoc
# also finds (slots, class variables) is never described twice.
napoleon_use_ivar = True
napoleon_use_rtype = False

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"jcp-controls {release}"
html_static_path: list[str] = []
