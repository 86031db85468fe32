"""Layer 1, the data: record models, vocabularies, YAML reading, loading and the Registry.

Nothing here imports from ``techrisk.scoring``, ``techrisk.analysis`` or ``techrisk.report``
(``tests/test_layers.py`` checks it).
"""
