"""``python -m bluebook``: the command-line interface (see ``bluebook.cli``)."""

import sys

from bluebook.cli import main

sys.exit(main())
