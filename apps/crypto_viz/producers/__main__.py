"""python3 -m producers: the market simulator and the news generator together, one clock."""
import sys

from .cli import main

sys.exit(main())
