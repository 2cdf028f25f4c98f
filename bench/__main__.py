"""python -m bench [--persons N] [--engine sqlite|postgresql|both]"""

from bench.case_file import main

raise SystemExit(main())
