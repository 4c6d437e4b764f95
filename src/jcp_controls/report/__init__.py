"""Reports: the :class:`~.model.Report` of an evaluation and its writers (one module per
format: :mod:`.json`, :mod:`.csv`, :mod:`.html`, :mod:`.markdown`, :mod:`.table`)."""
