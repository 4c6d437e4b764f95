"""jcp-controls-lms: the Labour Market System as an evidence source for jcp-controls.

Reads the LMS2 user-access listing, the LMS1 access-request forms and the access review log
(CSV) and supplies ``access_grants`` (system ``lms``) and ``access_reviews``. Installed, it
claims the ``lms`` scheme: ``jcp-controls evaluate lms:exports/lms evidence/``.
"""

__version__ = "0.1.0"
