"""The storage suite: one behavioural contract for every Store backend
(``test_contract_*.py``) plus backend specifics (``test_sqlite.py``)."""
