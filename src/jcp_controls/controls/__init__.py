"""The control framework (:mod:`.base`, :mod:`.context`) and the built-in controls, one
module per family: :mod:`.access` (ACC), :mod:`.learning` (LRN)."""
