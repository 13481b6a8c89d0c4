"""``python -m narrascope``: the same as the ``narrascope`` command."""
from .cli import main

raise SystemExit(main())
