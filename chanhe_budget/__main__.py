"""``python -m chanhe_budget`` runs the ``chanhe-budget`` command."""

import sys

from .cli.main import main

sys.exit(main())
