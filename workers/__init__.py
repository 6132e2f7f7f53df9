"""Workers: each is a pure transform (``transform.py``) plus a thin faust agent (``agent.py``)."""
