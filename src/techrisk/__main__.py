import sys

from techrisk.cli import main

sys.exit(main())
