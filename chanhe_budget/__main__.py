"""``python -m chanhe_budget`` runs the ``chanhe-budget`` command."""

import sys

from .cli import main

sys.exit(main())
