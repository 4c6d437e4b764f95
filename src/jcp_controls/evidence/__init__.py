"""Evidence: the records controls judge, and the sources that load them.

:mod:`.store` holds the :class:`~.store.Evidence` container; :mod:`.schema` the evidence-folder
contract; :mod:`.csv` the built-in folder reader; :mod:`.combine` merges sources;
:mod:`.loading` resolves locations to sources.
"""
