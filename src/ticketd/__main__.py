import sys

from ticketd.cli import main

sys.exit(main())
